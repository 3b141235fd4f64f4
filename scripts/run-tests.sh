#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds with warnings as errors, and runs the whole test suite:
# every test (unit, cli, corpus, gui, integration) under AddressSanitizer + UBSan (LeakSanitizer
# included) in build-asan; each fuzz target for a bounded time (libFuzzer, clang 14, build-fuzz);
# then every test again, the package test too, in a normal build. In the sanitizer build the
# children the tests start (the dbt-uploader sandbox, CLI runs, windows) are sanitized as well,
# and a report from any process fails its test (sanitizer-check.sh).
# Installs the npm-pinned test peers (tests/peers); each integration test starts and stops its
# own peers. Exit status 0 only if all passed.
#
# The shared corpus of real dbt artifacts is read from DBTU_FIXTURES_DIR, by default the
# shared/dbt-fixtures folder beside the repository. Without it the corpus test says so and is
# skipped (a fresh clone); in CI (CI=true) the corpus is required.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
jobs=$(nproc)

bash scripts/install-deps.sh

if [ -z "${DBTU_FIXTURES_DIR:-}" ] && [ -d "$repo/../shared/dbt-fixtures" ]; then
    DBTU_FIXTURES_DIR=$(cd "$repo/../shared/dbt-fixtures" && pwd)
fi
if [ -z "${DBTU_SIGV4_VECTORS_DIR:-}" ] && [ -d "$repo/../shared/sigv4-vectors" ]; then
    DBTU_SIGV4_VECTORS_DIR=$(cd "$repo/../shared/sigv4-vectors" && pwd)
fi
export DBTU_FIXTURES_DIR="${DBTU_FIXTURES_DIR:-}" DBTU_SIGV4_VECTORS_DIR="${DBTU_SIGV4_VECTORS_DIR:-}"
if [ "${CI:-}" = "true" ]; then
    export DBTU_REQUIRE_CORPUS=1
fi
if [ -z "$DBTU_FIXTURES_DIR" ]; then
    echo "note: the shared corpus (shared/dbt-fixtures) is not beside the repo; the corpus test will be skipped"
fi

echo "== test peers (tests/peers: s3rver behind a SigV4-checking front, azurite; npm-pinned)"
if ! command -v node >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: node is missing; run: sudo apt-get install nodejs npm" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
(cd tests/peers && npm ci --no-audit --no-fund --silent)

echo "== clang-format"
if ! git ls-files -z '*.cpp' '*.h' | xargs -0 -r clang-format --dry-run --Werror; then
    echo "error: some files are not clang-formatted; run: git ls-files '*.cpp' '*.h' | xargs clang-format -i" >&2
    exit 1
fi

echo "== build with AddressSanitizer + UBSan, run every test"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDBTU_WERROR=ON \
    -DDBTU_SANITIZE="address;undefined" >/dev/null
cmake --build build-asan --parallel "$jobs"
# The sanitizer options, suppressions and report folders come with each test (tests/CMakeLists.txt).
rm -rf build-asan/sanitizer-reports
tests/support/with-keyring.sh ctest --test-dir build-asan --output-on-failure -j "$jobs"
# A child that outlived its test would have written after that test's check: look once more.
if [ -n "$(find build-asan/sanitizer-reports -type f -print -quit)" ]; then
    find build-asan/sanitizer-reports -type f -exec sh -c 'echo "== $1"; cat "$1"' sh {} \; >&2
    echo "error: sanitizer reports were written after their tests ended (above)" >&2
    exit 1
fi

echo "== fuzz (libFuzzer + ASan + UBSan, clang 14)"
# Only the fuzz targets and the libraries they need; each fuzzes DBTU_FUZZ_SECONDS (30) on a copy
# of its seeds, then runs once over its regression inputs (tests/fuzz).
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDBTU_WERROR=ON -DDBTU_BUILD_TESTS=OFF -DDBTU_FUZZ=ON >/dev/null
cmake --build build-fuzz --parallel "$jobs" --target fuzz_targets
ctest --test-dir build-fuzz -L fuzz --output-on-failure -j "$jobs"

echo "== build (warnings are errors), run every test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDBTU_WERROR=ON >/dev/null
cmake --build build --parallel "$jobs"
# Every test runs under a private D-Bus session with a real Secret Service (gnome-keyring).
tests/support/with-keyring.sh ctest --test-dir build --output-on-failure -j "$jobs"

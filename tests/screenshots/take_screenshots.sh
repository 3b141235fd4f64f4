#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes PNGs of the File upload, API upload and Bucket settings tabs (light and dark palettes,
# 1280x800) to docs/screenshots/.
#
#   tests/screenshots/take_screenshots.sh [FIXTURE_DIR]
#
# FIXTURE_DIR defaults to a real dbt target folder from the shared corpus
# ($DBTU_FIXTURES_DIR, else ../shared/dbt-fixtures), falling back to tests/data/ui/target.
# Needs a build with tests (build/tests/dbtu-screenshot; BUILD_DIR overrides) and fonts:
# on Debian, `apt-get install fonts-dejavu-core` (without fonts, text renders as boxes).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD_DIR:-$root/build}
tool=$build/tests/dbtu-screenshot
out=$root/docs/screenshots
if [ ! -x "$tool" ]; then
    echo "error: $tool not found" >&2
    echo "hint: build with tests: cmake -S $root -B $build && make -C $build dbtu-screenshot" >&2
    exit 2
fi
tool=$(cd "$(dirname "$tool")" && pwd)/$(basename "$tool") # the script changes folders below

fixture=${1:-}
if [ -z "$fixture" ]; then
    corpus=${DBTU_FIXTURES_DIR:-$root/../shared/dbt-fixtures}
    for c in community/dq-framework-duckdb-dbt-1.12.0-test-warn-fail \
             community/global-trade-bigquery-dbt-1.11.7-build-errors; do
        if [ -d "$corpus/$c" ]; then fixture=$corpus/$c; break; fi
    done
    if [ -z "$fixture" ]; then
        echo "note: corpus not found; using tests/data/ui/target" >&2
        fixture=$root/tests/data/ui/target
    fi
fi

mkdir -p "$out"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# Each picture from a home of its own: no setting, history or recent file of this machine (or of
# the tests) shows in it, and the pictures do not depend on the order they are taken in.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fresh() {
    h=$(mktemp -d "$scratch/home.XXXXXX")
    env -u DBTU_HISTORY_FILE HOME="$h" XDG_CONFIG_HOME="$h/.config" \
        XDG_DATA_HOME="$h/.local/share" XDG_CACHE_HOME="$h/.cache" "$@"
}
# Paths are given relative to their folder, so no path of this machine shows in a picture.
fixture=$(cd "$fixture" && pwd)
(cd "$(dirname "$fixture")" && fresh "$tool" --out "$out/file-upload-light.png" --select-problem "$(basename "$fixture")")
(cd "$(dirname "$fixture")" && fresh "$tool" --out "$out/file-upload-dark.png" --dark --select-problem "$(basename "$fixture")")
cd "$root/tests/data/ui"
fresh "$tool" --out "$out/file-upload-error-light.png" broken.json
fresh "$tool" --out "$out/file-upload-error-dark.png" --dark broken.json
fresh "$tool" --out "$out/file-upload-checks-light.png" target/manifest.json docs-generate/run_results.json
# The API upload tab in --sandbox mode after an upload and its sync (relative paths again).
fresh "$tool" --out "$out/api-upload-light.png" --api-sandbox target
fresh "$tool" --out "$out/api-upload-dark.png" --dark --api-sandbox target
# The Bucket settings tab after a push to the S3 test peer and its checklist (needs `npm ci` in
# tests/peers), under a throwaway keyring so no "no keychain" banner shows.
keyring=$root/tests/support/with-keyring.sh
fresh "$keyring" "$tool" --out "$out/bucket-settings-light.png" --bucket-peer target
fresh "$keyring" "$tool" --out "$out/bucket-settings-dark.png" --dark --bucket-peer target
echo "wrote $(ls "$out"/*.png | wc -l) screenshots to $out (from $fixture)"

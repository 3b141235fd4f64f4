#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages dbt Uploader needs to build, run and test. Idempotent: asks apt
# only for what is missing, so a second run takes well under a second.
set -euo pipefail

packages=(
    # build
    build-essential cmake pkg-config git
    qt6-base-dev qt6-base-dev-tools libgl-dev
    qtkeychain-qt6-dev nlohmann-json3-dev rapidjson-dev zlib1g-dev libssl-dev
    # the upload history (Qt Sql's SQLite driver, a plugin dpkg-shlibdeps cannot see)
    libqt6sql6-sqlite
    # QHttpServer for the sandbox; Debian forgets that it needs WebSockets
    qt6-httpserver-dev qt6-websockets-dev
    # headless GUI tests and screenshots, keychain tests
    xvfb xauth dbus gnome-keyring libsecret-tools fonts-dejavu-core
    # tooling used by the test command and benchmarks
    clang-format python3 time openssl
    # a real HTTP proxy with Basic authentication for the proxy tests
    tinyproxy
    # the fuzz targets (tests/fuzz): clang with libFuzzer and its sanitizer runtimes
    clang-14 libfuzzer-14-dev libclang-rt-14-dev
    # packaging: the man page, dpkg-shlibdeps for the package's Depends, and the validators
    # that the package test runs on the desktop entry, the AppStream metainfo and the systemd
    # units of the scheduler recipes (systemd-analyze)
    help2man dpkg-dev desktop-file-utils appstream systemd
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "error: these Debian packages are missing: ${missing[*]}" >&2
    echo "hint: run this as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

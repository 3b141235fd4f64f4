#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what is missing, builds, and opens dbt Uploader. Arguments go to the app
# (files or a dbt target/ folder to open, or a command such as `inspect target/`).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

bash scripts/install-deps.sh
if [ ! -f build/CMakeCache.txt ]; then
    cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build --parallel "$(nproc)" --target dbt-uploader

# No display: show what the app does, on the command line, instead of stopping.
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
    echo "This machine has no display to open the window on; here is what dbt Uploader does,"
    echo "on its example project and a local sandbox (build/bin/dbt-uploader demo):"
    status=0
    build/bin/dbt-uploader demo || status=$?
    echo
    echo "To open the window: run scripts/run-app.sh on a desktop session, or"
    echo "  xvfb-run -a build/bin/dbt-uploader   (a virtual display)"
    exit "$status"
fi
exec build/bin/dbt-uploader "$@"

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

if [ $# -eq 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
    echo "Built build/bin/dbt-uploader, but this machine has no display to open the window on."
    echo "Try: xvfb-run -a build/bin/dbt-uploader   (a virtual display), or on a desktop session"
    echo "run scripts/run-app.sh again. The command line needs no display:"
    echo "  build/bin/dbt-uploader inspect path/to/target/"
    exit 1
fi
exec build/bin/dbt-uploader "$@"

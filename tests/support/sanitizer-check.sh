#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one CTest test of a sanitizer build (-DDBTU_SANITIZE) and fails it when any process of
# that test wrote a sanitizer report: the test executable itself or a child it started (the
# dbt-uploader sandbox, CLI runs, windows). tests/CMakeLists.txt points ASan's and UBSan's
# log_path into REPORT_DIR, so a report is a file there even when the child's exit status is
# not looked at (a sandbox stopped with SIGTERM) or its stderr is not shown. The reports are
# printed. Exit status: the command's, or 1 when it passed but a report was written.
#
#   tests/support/sanitizer-check.sh REPORT_DIR COMMAND...
set -uo pipefail
dir=${1:?usage: sanitizer-check.sh REPORT_DIR COMMAND...}
shift
rm -rf "$dir"
mkdir -p "$dir"
status=0
"$@" || status=$?
shopt -s nullglob
reports=("$dir"/*)
if [ ${#reports[@]} -gt 0 ]; then
    for report in "${reports[@]}"; do
        echo "== sanitizer report $(basename "$report") (of this test or a process it started)" >&2
        cat "$report" >&2
    done
    echo "FAIL: ${#reports[@]} sanitizer report(s) written while this test ran (above)" >&2
    if [ "$status" -eq 0 ]; then
        status=1
    fi
fi
exit "$status"

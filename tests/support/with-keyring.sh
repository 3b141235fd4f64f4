#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command under a private D-Bus session with a real Secret Service: gnome-keyring,
# unlocked, keeping its keyring in a throwaway folder that is removed afterwards. The keyring
# daemon is stopped when the command ends. Exit status: the command's.
#
#   tests/support/with-keyring.sh ctest --test-dir build ...
#   tests/support/with-keyring.sh --private TEST   (a keyring of its own even inside another)
#
# Inside another session the command shares that one, unless --private: the tests that store
# secrets (CMake's KEYRING) each get their own, so that entries one test stores (say
# bucket/default/...) never turn up in another test running at the same time.
set -euo pipefail
if [ "${1:-}" = "--private" ]; then
    shift
elif [ -n "${DBTU_KEYRING_SESSION:-}" ]; then
    exec "$@" # already inside one
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
DBTU_KEYRING_SESSION=1 KEYRING_HOME="$keyring_home" dbus-run-session -- bash -c '
    set -euo pipefail
    (export HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME/data" XDG_CACHE_HOME="$KEYRING_HOME/cache"
     printf %s throwaway-keyring-password \
        | exec gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1) &
    daemon=$!
    for _ in $(seq 1 100); do
        if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
            | grep -q "boolean true"; then
            break
        fi
        sleep 0.1
    done
    status=0
    "$@" || status=$?
    kill "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
    exit "$status"
' with-keyring "$@"

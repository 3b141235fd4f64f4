#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The soak: COUNT (default 500) `dbt-uploader upload --no-trigger` in a row against one sandbox
# whose faults change at random between uploads (cut mid-request, 503s and 429s with Retry-After
# 0 or 1, a delay, none), each upload with different content. Then checks that:
#   - every upload the sandbox stored equals a file that was sent (sha256), both files of each
#     upload that succeeded, nothing of one that failed;
#   - no upload reached the sandbox more often than RetryPolicy::maxAttempts times;
#   - each exit code is 0 or the documented failure code for its fault (5 network, 6 server);
#   - the client's peak memory (max RSS of each run) stays flat: the last run may not exceed
#     the first by more than 20% (both run without a fault, on files of the same size).
# Prints one summary line; exits 0 when all holds. Stops the sandbox it started in any case.
#
#   scripts/soak.sh [COUNT]          DBTU_UPLOADER=path/to/dbt-uploader (default build/bin/…)
#                                    DBTU_SOAK_TMP=dir for the run's files (default the temp dir)
# Needs bash, python3 (JSON and the sandbox's control routes) and GNU time (max RSS).
set -euo pipefail

count=${1:-500}
if ! [[ $count =~ ^[0-9]+$ ]] || ((count < 2)); then
    echo "usage: scripts/soak.sh [COUNT]   (COUNT >= 2, default 500)" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${DBTU_UPLOADER:-$root/build/bin/dbt-uploader}
[[ -x $bin ]] || { echo "error: $bin is not built" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "error: GNU time (/usr/bin/time) is missing" >&2; exit 2; }
# The system's python3 starts in a tenth of the time of a version manager's shim.
python=python3
[[ -x /usr/bin/python3 ]] && python=/usr/bin/python3
max_attempts=$(sed -n 's/^ *int maxAttempts = \([0-9]*\);.*/\1/p' "$root/app/core/net/RetryPolicy.h")
[[ -n $max_attempts ]] || { echo "error: cannot read RetryPolicy::maxAttempts" >&2; exit 2; }

base_tmp=${DBTU_SOAK_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$base_tmp"
work=$(mktemp -d "$base_tmp/soak-XXXXXX")
sandbox_pid=
cleanup() {
    local status=$?
    if [[ -n $sandbox_pid ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
        kill "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    if ((status == 0)); then
        rm -rf "$work"
    else
        echo "soak: files kept in $work" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

key="soak-key-$RANDOM$RANDOM"
printf '%s\n' "$key" >"$work/key"
chmod 600 "$work/key"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" SECODA_API_KEY="$key"
mkdir -p "$HOME"

"$bin" sandbox --port 0 --data-dir "$work/data" --api-key-file "$work/key" --post-limit 0 \
    --sync-seconds 1 >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's|^sandbox listening on http://127\.0\.0\.1:\([0-9]*\)/api/v1.*|\1|p' \
        "$work/sandbox.log")
    [[ -n $port ]] && break
    kill -0 "$sandbox_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n $port ]] || { echo "error: the sandbox did not start:" >&2; cat "$work/sandbox.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
integration=$(sed -n 's/^sandbox dbt Core integration id: //p' "$work/sandbox.log")

# control METHOD PATH [JSON [KEY...]] -> the JSON answer on stdout, or just the values of KEYs
# (the /sandbox/ routes, which are never faulted)
control() {
    "$python" - "$base$2" "$1" "${3:-}" "$key" "${@:4}" <<'PY'
import json, sys, urllib.request
url, method, body, key, *keys = sys.argv[1:]
req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                             headers={"Authorization": "Bearer " + key,
                                      "Content-Type": "application/json"})
answer = urllib.request.urlopen(req, timeout=30).read().decode()
print(" ".join(str(json.loads(answer)[k]) for k in keys) if keys else answer)
PY
}

# faults_json DELAY_MS STATUS_SEQUENCE DROP_AFTER RETRY_AFTER FAULT_COUNT: every key the soak uses
faults_json() {
    printf '{"delay_ms": %s, "status_sequence": [%s], "drop_after_bytes": %s, "retry_after": %s, "fault_count": %s}' \
        "$@"
}
repeat() { printf "$1,%.0s" $(seq "$2") | sed 's/,$//'; } # repeat 503 3 -> 503,503,503
manifest_src="$root/tests/data/core/v12-manifest.json"
results_src="$root/tests/data/core/v6-run_results.json"
mkdir -p "$work/files"

# make_files I PAD_BYTES: a valid pair whose content is unique to upload I.
make_files() {
    local i=$1 pad=$2 id
    id="soak-$i-$RANDOM"
    "$python" - "$manifest_src" "$results_src" "$work/files" "$id" "$pad" <<'PY'
import json, sys
manifest_src, results_src, out, invocation, pad = sys.argv[1:6]
m = json.load(open(manifest_src))
r = json.load(open(results_src))
m["metadata"]["invocation_id"] = r["metadata"]["invocation_id"] = invocation
m["nodes"]["model.analytics.soak_padding"] = {
    "resource_type": "model", "unique_id": "model.analytics.soak_padding",
    "raw_code": ("select '" + invocation + "' as x -- ") + "x" * int(pad)}
json.dump(m, open(out + "/manifest.json", "w"))
json.dump(r, open(out + "/run_results.json", "w"))
PY
}

declare -A exits=() faults_used=()
ok=0 failed=0 worst_attempts=0 rss_first=0 rss_last=0 rss_max=0
stored_seen=0
for ((i = 1; i <= count; i++)); do
    # The first and the last run: no fault, same size, so their memory compares.
    if ((i == 1 || i == count)); then
        kind=none pad=262144
    else
        kinds=(none cut cut 503 429 delay)
        kind=${kinds[RANDOM % ${#kinds[@]}]}
        pad=$(((RANDOM % 8) * 65536 + RANDOM))
    fi
    make_files "$i" "$pad"
    size=$(($(stat -c %s "$work/files/manifest.json") + $(stat -c %s "$work/files/run_results.json")))
    n=$((1 + RANDOM % (max_attempts + 1))) # sometimes more failures than retries
    case $kind in
    none) faults=$(faults_json 0 "" null 1 null) allowed="0" ;;
    cut) faults=$(faults_json 0 "" $((1000 + RANDOM % (size / 2))) 1 "$n") allowed="0 5" ;;
    503) faults=$(faults_json 0 "$(repeat 503 "$n")" null $((RANDOM % 2)) null) allowed="0 6" ;;
    429) faults=$(faults_json 0 "$(repeat 429 "$n")" null $((RANDOM % 2)) null) allowed="0 6" ;;
    delay) faults=$(faults_json $((100 + RANDOM % 1400)) "" null 1 null) allowed="0" ;;
    esac
    faults_used[$kind]=$((${faults_used[$kind]:-0} + 1))
    control POST /sandbox/faults/ "$faults" >/dev/null
    posts_before=$(control GET /sandbox/counts/ "" posts_seen)

    set +e
    /usr/bin/time -f '%M' -o "$work/rss" "$bin" upload --no-trigger --api-url "$base/api/v1" \
        --integration "$integration" "$work/files/manifest.json" "$work/files/run_results.json" \
        >"$work/out" 2>"$work/err"
    code=$?
    set -e
    rss=$(tail -n 1 "$work/rss")
    exits[$code]=$((${exits[$code]:-0} + 1))
    ((i == 1)) && rss_first=$rss
    ((i == count)) && rss_last=$rss
    ((rss > rss_max)) && rss_max=$rss

    fail() {
        echo "soak: upload $i ($kind, faults $faults): $*" >&2
        sed 's/^/  stderr: /' "$work/err" >&2
        exit 1
    }
    [[ " $allowed " == *" $code "* ]] || fail "exit $code, expected one of: $allowed"
    read -r posts_after stored_now < <(control GET /sandbox/counts/ "" posts_seen uploads_stored)
    attempts=$((posts_after - posts_before))
    ((attempts <= max_attempts)) || fail "sent $attempts times (at most $max_attempts allowed)"
    ((attempts > worst_attempts)) && worst_attempts=$attempts

    # What the sandbox stored for this upload: one upload (both files) when it succeeded,
    # nothing when it failed; the files themselves are compared once, at the end.
    stored=$((stored_now - stored_seen))
    stored_seen=$stored_now
    if ((code == 0)); then
        ((stored == 1)) || fail "succeeded, but $stored uploads were stored"
        sha256sum "$work/files/manifest.json" "$work/files/run_results.json" | cut -d' ' -f1 \
            >>"$work/expected"
    else
        ((stored == 0)) || fail "failed, but $stored uploads were stored"
    fi
    if ((code == 0)); then ok=$((ok + 1)); else failed=$((failed + 1)); fi
done

# Every stored file equals one that was sent by an upload that succeeded, each exactly once.
control GET /sandbox/uploads/ >"$work/uploads.json"
touch "$work/expected"
files_check=$("$python" - "$work/uploads.json" "$work/expected" <<'PY'
import json, sys
got = sorted(u["sha256"] for u in json.load(open(sys.argv[1]))["results"])
want = sorted(open(sys.argv[2]).read().split())
if got == want:
    print("OK %d" % len(got))
else:
    extra = [s for s in got if s not in want]
    missing = [s for s in want if s not in got]
    print("BAD %d stored, %d expected; not sent (partial?): %s; missing: %s"
          % (len(got), len(want), extra[:3], missing[:3]))
PY
)
if [[ $files_check != OK* ]]; then
    echo "soak: the stored files are not the ones sent: $files_check" >&2
    exit 1
fi
exit_summary=$(for c in "${!exits[@]}"; do printf '%s:%s ' "$c" "${exits[$c]}"; done)
fault_summary=$(for k in "${!faults_used[@]}"; do printf '%s:%s ' "$k" "${faults_used[$k]}"; done)
verdict=PASS
if ((rss_last * 100 > rss_first * 120)); then
    verdict="FAIL (the last run's RSS exceeds the first's by more than 20%)"
fi
echo "soak: $count uploads, $ok ok, $failed failed as documented (exit codes ${exit_summary% }), faults ${fault_summary% }; ${files_check#OK } files stored, all equal to what was sent; at most $worst_attempts of $max_attempts attempts per upload; client max RSS first $rss_first KiB, last $rss_last KiB, largest $rss_max KiB: $verdict"
[[ $verdict == PASS ]]

#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Upload speed and memory of `dbt-uploader upload`, next to `dbt-uploader inspect` on the same
# files and `curl -F` sending them to the same local sink, all measured in one run.
#
#   tests/benchmarks/upload_benchmark.sh [--binary PATH] [--pair-mib 1024] [--runs 3] [--out DIR] [--keep]
#
# Targets (issue: API upload): upload takes no more than 1.1 x (inspect + curl), and the
# client's peak RSS stays under 80 MB whatever the file size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$here/../../build/bin/dbt-uploader
pair_mib=1024
runs=3
out=
keep=0
while [ $# -gt 0 ]; do
    case $1 in
    --binary) binary=${2:?}; shift 2 ;;
    --pair-mib) pair_mib=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '3,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -x "$binary" ] || { echo "error: no binary at $binary (build first, or --binary)" >&2; exit 2; }
command -v curl >/dev/null || { echo "error: curl is needed (apt-get install curl)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
if [ -z "$out" ]; then
    out=$(mktemp -d)
    [ "$keep" = 1 ] || trap 'rm -rf "$out"; kill "${sink:-0}" 2>/dev/null || true' EXIT
else
    mkdir -p "$out"
    trap 'kill "${sink:-0}" 2>/dev/null || true' EXIT
fi

# A manifest and its run_results; the run_results is about 40% of the manifest's size.
manifest_mib=$(python3 -c "print(round($pair_mib / 1.4))")
source=${DBTU_FIXTURES_DIR:-$here/../../../shared/dbt-fixtures}/community/global-trade-bigquery-dbt-1.11.7-docs-large/manifest.json
[ -f "$source" ] || source=
echo "generating a ~$pair_mib MiB pair in $out ..."
python3 "$here/make_big_artifacts.py" ${source:+--source "$source"} --size-mib "$manifest_mib" \
    --manifest "$out/manifest.json" --run-results "$out/run_results.json" >/dev/null
bytes=$(( $(stat -c %s "$out/manifest.json") + $(stat -c %s "$out/run_results.json") ))

python3 "$here/upload_sink.py" > "$out/sink.out" &
sink=$!
for _ in $(seq 1 50); do grep -q port "$out/sink.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/port/ {print $2}' "$out/sink.out")
api=http://127.0.0.1:$port/api/v1

measure() { # prints "seconds kib"
    local t
    t=$(mktemp)
    /usr/bin/time -f "%e %M" -o "$t" "$@" >/dev/null 2>"$t.err" || { cat "$t.err" >&2; echo "failed: $*" >&2; exit 1; }
    cat "$t"
    rm -f "$t" "$t.err"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A secs rss
for what in upload inspect curl; do
    s=(); r=()
    for _ in $(seq 1 "$runs"); do
        case $what in
        # A home of its own: the uploads are recorded (and compared with the one before, as
        # for a user) in the benchmark's history, not the user's.
        upload) read -r t m < <(SECODA_API_KEY=benchmark-key HOME="$out/home" \
                    XDG_DATA_HOME="$out/home/.local/share" XDG_CONFIG_HOME="$out/home/.config" \
                    measure "$binary" upload --no-trigger \
                    --api-url "$api" --integration bench "$out/manifest.json" "$out/run_results.json") ;;
        inspect) read -r t m < <(measure "$binary" inspect --json "$out/manifest.json" "$out/run_results.json") ;;
        curl) read -r t m < <(measure curl -sS -o /dev/null -F "manifest=@$out/manifest.json" \
                    -F "run_results=@$out/run_results.json" "$api/integration/dbt/bench/upload_artifacts/") ;;
        esac
        s+=("$t"); r+=("$m")
    done
    secs[$what]=$(printf '%s\n' "${s[@]}" | median)
    rss[$what]=$(printf '%s\n' "${r[@]}" | median)
done

python3 - "$bytes" "${secs[upload]}" "${rss[upload]}" "${secs[inspect]}" "${rss[inspect]}" \
    "${secs[curl]}" "${rss[curl]}" <<'PY'
import sys
b, us, ur, is_, ir, cs, cr = sys.argv[1:]
b = int(b); us, is_, cs = float(us), float(is_), float(cs)
mib = b / (1 << 20)
print(f"\npair: {mib:.0f} MiB (manifest + run_results), medians")
print(f"{'command':<28}{'time':>9}{'MiB/s':>9}{'peak RSS':>12}")
for name, t, r in (("dbt-uploader upload", us, ur), ("dbt-uploader inspect", is_, ir), ("curl -F", cs, cr)):
    print(f"{name:<28}{t:>8.2f}s{mib / t if t else 0:>9.0f}{int(r) / 1024:>9.1f} MiB")
limit = 1.1 * (is_ + cs)
ok_time = us <= limit
ok_rss = int(ur) / 1024 < 80
print(f"\nupload {us:.2f}s vs 1.1 x (inspect + curl) = {limit:.2f}s: {'PASS' if ok_time else 'FAIL'}")
print(f"upload peak RSS {int(ur) / 1024:.1f} MiB < 80 MiB: {'PASS' if ok_rss else 'FAIL'}")
PY

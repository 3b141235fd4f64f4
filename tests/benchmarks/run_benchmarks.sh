#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Speed and memory benchmark of `dbt-uploader inspect --json` on big generated artifacts, next to
# Python's json.load measured in the same run, plus the GUI event-loop stall while a big manifest is
# summarized. Prints a table and PASS/FAIL against the targets. Not a CTest test: timings on a
# shared machine are for people to read.
#
# usage: run_benchmarks.sh [options] [SOURCE_MANIFEST]
#   SOURCE_MANIFEST  realistic manifest whose nodes are replicated (default:
#                    $DBTU_FIXTURES_DIR/community/global-trade-bigquery-dbt-1.11.7-docs-large/
#                    manifest.json; synthetic nodes when that is absent)
#   --binary PATH    dbt-uploader to measure (default: ../../build/bin/dbt-uploader from here)
#   --probe PATH     dbtu-stall-probe (default: next to the binary; build it with
#                    -DDBTU_BUILD_TESTS=ON and `make dbtu-stall-probe`)
#   --sizes LIST     manifest sizes in MiB, comma-separated (default: 200,1024)
#   --runs N         runs per measurement, the median is shown (default: 3)
#   --out DIR        generate the files there (default: a temporary directory)
#   --keep           keep the generated files
#   --no-python      skip the Python json.load baseline
#
# Targets: >= 150 MiB/s and >= 1.8x Python's json.load on the 200 MiB manifest, peak RSS < 64 MiB
# at every size, event loop never stalls more than 50 ms on the 200 MiB manifest.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binary=$here/../../build/bin/dbt-uploader
probe=
sizes=200,1024
runs=3
out=
keep=0
python_baseline=1
source_manifest=
if [[ -n ${DBTU_FIXTURES_DIR:-} ]]; then
    source_manifest=$DBTU_FIXTURES_DIR/community/global-trade-bigquery-dbt-1.11.7-docs-large/manifest.json
fi

# Targets
min_mibps=150
min_ratio=1.8
max_rss_mib=64
max_stall_ms=50
target_size=200 # the size the speed and stall targets apply to

die() { echo "run_benchmarks.sh: $*" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case $1 in
    --binary) binary=${2:?}; shift 2 ;;
    --probe) probe=${2:?}; shift 2 ;;
    --sizes) sizes=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-python) python_baseline=0; shift ;;
    -h | --help) sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) source_manifest=$1; shift ;;
    esac
done
# shellcheck source=bench_lib.sh
source "$here/bench_lib.sh"
bench_setup # a directory named by --out stays; the files in it go unless --keep
[[ -n $probe ]] || probe=$(dirname "$binary")/dbtu-stall-probe

python_load=(python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))')
generator=$here/make_big_artifacts.py
failures=0
rows=()
verdicts=()

echo "dbt-uploader: $binary"
echo "files in:     $out"
echo "runs:         $runs per measurement (median time, largest peak RSS)"
echo
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
    manifest=$out/manifest-${size}MiB.json
    results=$out/run_results-${size}MiB.json
    echo "== ${size} MiB: generating..."
    info=$(python3 "$generator" ${source_manifest:+--source "$source_manifest"} --size-mib "$size" \
        --manifest "$manifest" --run-results "$results")
    echo "   $info"

    # Correctness first: the counts inspect reports must be the ones the generator wrote.
    summary=$out/summary-${size}.json
    "$binary" inspect --json "$manifest" "$results" >"$summary" \
        || die "inspect failed on $manifest + $results"
    python3 - "$summary" "$info" <<'EOF' || die "inspect's counts differ from the generated files"
import json, sys
got = json.load(open(sys.argv[1]))
want = json.loads(sys.argv[2])
m, r = got["manifest"], got["run_results"]
bad = []
if m["collection_sizes"]["nodes"] != want["nodes"]:
    bad.append(f"nodes {m['collection_sizes']['nodes']} != {want['nodes']}")
for kind, n in want["node_types"].items():
    if m["resource_type_counts"].get(kind) != n:
        bad.append(f"{kind} {m['resource_type_counts'].get(kind)} != {n}")
if r["result_count"] != want["results"]:
    bad.append(f"results {r['result_count']} != {want['results']}")
if r["status_counts"] != want["statuses"]:
    bad.append(f"statuses {r['status_counts']} != {want['statuses']}")
for line in bad:
    print("   mismatch:", line, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

    bytes=$(stat -c %s "$manifest")
    mib=$(calc "$bytes / 1048576" 1)
    read -r t_insp rss_insp < <(median_of_runs "$binary" inspect --json "$manifest")
    pair_bytes=$((bytes + $(stat -c %s "$results")))
    read -r t_pair rss_pair < <(median_of_runs "$binary" inspect --json "$manifest" "$results")
    speed=$(calc "$bytes / 1048576 / $t_insp" 0)
    if [[ $python_baseline == 1 ]]; then
        read -r t_py rss_py < <(median_of_runs "${python_load[@]}" "$manifest")
        ratio=$(calc "$t_py / $t_insp" 2)
        py_cols="$(printf '%7ss %8s MiB %6sx' "$t_py" "$((rss_py / 1024))" "$ratio")"
    else
        ratio=
        py_cols="$(printf '%7s  %12s %7s' - - -)"
    fi
    rows+=("$(printf '%-26s %7ss %6s MiB/s %6s MiB   %s' "$mib MiB manifest" "$t_insp" "$speed" \
        "$((rss_insp / 1024))" "$py_cols")")
    rows+=("$(printf '%-26s %7ss %6s MiB/s %6s MiB' \
        "$(calc "$pair_bytes / 1048576" 1) MiB + run_results" "$t_pair" \
        "$(calc "$pair_bytes / 1048576 / $t_pair" 0)" "$((rss_pair / 1024))")")

    for rss in "$rss_insp" "$rss_pair"; do
        v=$(verdict "$rss < $max_rss_mib * 1024")
        verdicts+=("$v  peak RSS $((rss / 1024)) MiB < $max_rss_mib MiB (${size} MiB)")
    done
    if [[ $size == "$target_size" ]]; then
        verdicts+=("$(verdict "$speed >= $min_mibps")  speed $speed MiB/s >= $min_mibps MiB/s (${size} MiB)")
        if [[ -n $ratio ]]; then
            verdicts+=("$(verdict "$ratio >= $min_ratio")  ${ratio}x Python json.load >= ${min_ratio}x (${size} MiB)")
        fi
        if [[ -x $probe ]]; then
            stall=$("$probe" "$manifest" 2>/dev/null | sed -n 's/^max_stall_ms=//p')
            [[ -n $stall ]] || die "$probe gave no max_stall_ms"
            verdicts+=("$(verdict "$stall <= $max_stall_ms")  event loop stall $stall ms <= $max_stall_ms ms (${size} MiB)")
        else
            verdicts+=("SKIP  event loop stall: no $probe (configure with -DDBTU_BUILD_TESTS=ON, make dbtu-stall-probe)")
        fi
    fi
    if [[ $keep == 0 ]]; then
        rm -f "$manifest" "$results" "$summary"
    fi
done

echo
printf '%-26s %8s %12s %10s   %8s %12s %7s\n' "file" "inspect" "speed" "peak RSS" "python" "python RSS" "ratio"
printf '%s\n' "${rows[@]}"
echo
printf '%s\n' "${verdicts[@]}"
for v in "${verdicts[@]}"; do
    [[ $v == FAIL* ]] && failures=$((failures + 1))
done
[[ $keep == 1 ]] && echo && echo "generated files kept in $out"
exit $((failures > 0))

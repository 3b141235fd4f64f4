#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Speed and memory of `dbt-uploader diff` on two big generated manifests (OLD and a NEW with more
# nodes, other checksums or other statuses), next to `inspect` of each, measured in the same run.
# Checks the diff's counts against Python's own comparison of the same files first, then prints a
# table and PASS/FAIL against the targets. Not a CTest test: timings on a shared machine are for
# people to read.
#
# usage: diff_benchmark.sh [options] [SOURCE_MANIFEST]
#   SOURCE_MANIFEST  realistic manifest whose nodes are replicated (default:
#                    $DBTU_FIXTURES_DIR/community/global-trade-bigquery-dbt-1.11.7-docs-large/
#                    manifest.json; synthetic nodes when that is absent, whose checksums then
#                    all differ between OLD and NEW: every node is modified)
#   --binary PATH    dbt-uploader to measure (default: ../../build/bin/dbt-uploader from here)
#   --size MIB       size of OLD's manifest in MiB; NEW's is 2% bigger (default: 200)
#   --runs N         runs per measurement, the median is shown (default: 3)
#   --out DIR        generate the files there (default: a temporary directory)
#   --keep           keep the generated files
#
# Targets (issue 11): `diff` and `diff --json` of the two manifests take at most 1.3x the time
# `inspect` takes for both (one after the other), with peak RSS under 150 MiB.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
binary=$here/../../build/bin/dbt-uploader
size=200
runs=3
out=
keep=0
source_manifest=
if [[ -n ${DBTU_FIXTURES_DIR:-} ]]; then
    source_manifest=$DBTU_FIXTURES_DIR/community/global-trade-bigquery-dbt-1.11.7-docs-large/manifest.json
fi
max_ratio=1.3
max_rss_mib=150

die() { echo "diff_benchmark.sh: $*" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case $1 in
    --binary) binary=${2:?}; shift 2 ;;
    --size) size=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) source_manifest=$1; shift ;;
    esac
done
# shellcheck source=bench_lib.sh
source "$here/bench_lib.sh"
bench_setup # a directory named by --out stays; the files in it go unless --keep

generator=$here/make_big_artifacts.py
old=$out/old
new=$out/new
mkdir -p "$old" "$new"
echo "dbt-uploader: $binary"
echo "files in:     $out"
echo "runs:         $runs per measurement (median time, largest peak RSS)"
echo
echo "== generating OLD (${size} MiB) and NEW ($(calc "$size * 1.02" 0) MiB)..."
python3 "$generator" ${source_manifest:+--source "$source_manifest"} --size-mib "$size" --seed 1 \
    --manifest "$old/manifest.json" --run-results "$old/run_results.json" >/dev/null
python3 "$generator" ${source_manifest:+--source "$source_manifest"} \
    --size-mib "$(calc "$size * 1.02" 1)" --seed 2 \
    --manifest "$new/manifest.json" --run-results "$new/run_results.json" >/dev/null

# Correctness first: the diff of the two folders must be the one Python computes by the same rules.
"$binary" diff --json "$old" "$new" >"$out/diff.json" || die "diff failed on $old $new"
python3 - "$old" "$new" "$out/diff.json" <<'PY' || die "diff's lists differ from Python's comparison"
import json, sys
# The {unique_id: resource} collections inspect counts, with the type of an entry without one.
COLLECTIONS = {"nodes": None, "sources": "source", "exposures": "exposure", "metrics": "metric",
               "semantic_models": "semantic_model", "saved_queries": "saved_query",
               "macros": "macro", "groups": "group", "unit_tests": "unit_test",
               "functions": "function"}
FAILING, PASSING = {"error", "fail", "runtime error"}, {"pass", "success"}
def resources(path):
    m = json.load(open(path + "/manifest.json", encoding="utf-8"))
    out = {}
    for name, default in COLLECTIONS.items():
        for uid, r in (m.get(name) or {}).items():
            if isinstance(r, dict):
                c = r.get("checksum")
                out[uid] = (r.get("resource_type") or default,
                            c.get("checksum") if isinstance(c, dict) else None)
    return out
def statuses(path):
    r = json.load(open(path + "/run_results.json", encoding="utf-8"))
    return {x["unique_id"]: str(x.get("status")).lower() for x in r["results"]}
old, new, got = resources(sys.argv[1]), resources(sys.argv[2]), json.load(open(sys.argv[3]))
want = {}
for uid in set(old) | set(new):
    t = (new.get(uid) or old.get(uid))[0]
    g = want.setdefault(t, {"added": [], "removed": [], "modified": []})
    if uid not in old:
        g["added"].append(uid)
    elif uid not in new:
        g["removed"].append(uid)
    elif old[uid][1] and new[uid][1] and old[uid][1] != new[uid][1]:
        g["modified"].append(uid)
want = {t: {k: sorted(v) for k, v in g.items()} for t, g in want.items() if any(g.values())}
so, sn = statuses(sys.argv[1]), statuses(sys.argv[2])
results = {"newly_failing": sorted(u for u, s in sn.items() if s in FAILING and so.get(u) not in FAILING),
           "fixed": sorted(u for u, s in sn.items() if s in PASSING and so.get(u) in FAILING)}
bad = []
if got["resources"] != want:
    bad.append("resources")
if got["results"] != results:
    bad.append("results")
counts = {t: {k: len(v) for k, v in g.items()} for t, g in want.items()}
print(f"   resources changed: {json.dumps(counts)}")
print(f"   results: {len(results['newly_failing'])} newly failing, {len(results['fixed'])} fixed")
for what in bad:
    print("   mismatch:", what, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

mib_old=$(calc "$(stat -c %s "$old/manifest.json") / 1048576" 1)
mib_new=$(calc "$(stat -c %s "$new/manifest.json") / 1048576" 1)
read -r t_io rss_io < <(median_of_runs "$binary" inspect --json "$old/manifest.json")
read -r t_in rss_in < <(median_of_runs "$binary" inspect --json "$new/manifest.json")
t_both=$(calc "$t_io + $t_in" 3)
read -r t_dt rss_dt < <(median_of_runs "$binary" diff "$old/manifest.json" "$new/manifest.json")
read -r t_dj rss_dj < <(median_of_runs "$binary" diff --json "$old/manifest.json" "$new/manifest.json")
read -r t_df rss_df < <(median_of_runs "$binary" diff --json "$old" "$new")

row() { printf '%-44s %8ss %8s %9s MiB\n' "$1" "$2" "$3" "$(($4 / 1024))"; }
echo
printf '%-44s %9s %8s %13s\n' "command" "time" "ratio" "peak RSS"
row "inspect OLD manifest ($mib_old MiB)" "$t_io" "" "$rss_io"
row "inspect NEW manifest ($mib_new MiB)" "$t_in" "" "$rss_in"
printf '%-44s %8ss %8s\n' "inspect of both (the baseline)" "$t_both" "1.00x"
row "diff OLD NEW (manifests, text)" "$t_dt" "$(calc "$t_dt / $t_both")x" "$rss_dt"
row "diff --json OLD NEW (manifests)" "$t_dj" "$(calc "$t_dj / $t_both")x" "$rss_dj"
row "diff --json old/ new/ (with run_results)" "$t_df" "" "$rss_df"
echo
for pair in "text:$t_dt:$rss_dt" "--json:$t_dj:$rss_dj"; do
    IFS=: read -r what t rss <<<"$pair"
    echo "$(verdict "$t <= $max_ratio * $t_both")  diff $what $(calc "$t / $t_both")x inspect of both <= ${max_ratio}x"
    echo "$(verdict "$rss < $max_rss_mib * 1024")  diff $what peak RSS $((rss / 1024)) MiB < $max_rss_mib MiB"
done
if [[ $keep == 0 ]]; then
    rm -rf "$old" "$new" "$out/diff.json"
fi

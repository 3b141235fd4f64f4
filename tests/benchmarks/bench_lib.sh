# SPDX-License-Identifier: MIT
# Shared by the benchmark scripts (sourced, not run): timing one command, medians, arithmetic and
# verdicts. The caller sets $binary, $out (empty: a temporary directory), $keep, $runs and die().

# Makes $binary absolute (or stops), and $out: the directory the user named (it stays) or a
# temporary one, removed at exit unless --keep.
bench_setup() {
    [[ -x $binary ]] || die "no binary at $binary (build first, or give --binary)"
    binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
    if [[ -n $out ]]; then
        mkdir -p "$out"
    else
        out=$(mktemp -d "${TMPDIR:-/tmp}/dbtu-bench.XXXXXX")
        if [[ $keep == 0 ]]; then
            trap 'rm -rf "$out"' EXIT
        fi
    fi
}

# Wall time and peak RSS of one command: GNU time when present (the Debian package `time`), else
# Python's getrusage(RUSAGE_CHILDREN). Prints "seconds rss_kib"; stdout of the command is dropped.
if [[ ! -x /usr/bin/time ]] && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq time >/dev/null 2>&1 || true
fi
timed() {
    if [[ -x /usr/bin/time ]]; then
        local report
        report=$(mktemp "$out/time.XXXXXX")
        /usr/bin/time -f '%e %M' -o "$report" "$@" >/dev/null || { rm -f "$report"; return 1; }
        cat "$report"
        rm -f "$report"
    else
        python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
print(f"{wall:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
PY
    fi
}

# Runs a command $runs times; prints the median time and the largest peak RSS.
median_of_runs() {
    local samples=()
    for ((i = 0; i < runs; i++)); do
        samples+=("$(timed "$@")") || return 1
    done
    printf '%s\n' "${samples[@]}" | sort -n -k1,1 | awk '
        { t[NR] = $1; if ($2 > rss) rss = $2 }
        END { printf "%s %d\n", t[int((NR + 1) / 2)], rss }'
}

calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo FAIL; fi; }

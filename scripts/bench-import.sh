#!/usr/bin/env bash
# make bench-import: generates N synthetic UHRI-JSON records (default 270,000, the size of the
# real index), imports them into a Neo4j of its own (fresh, port BENCH_NEO4J_PORT, default
# 7697), and reports records/s, the importer's peak RSS (GNU time), the CPU seconds spent by the
# importer and by Neo4j, and the machine's load average: on a shared machine the wall time
# depends on what else runs, the CPU seconds much less. BENCH_CPUPROFILE=FILE writes the
# importer's CPU profile (go tool pprof .data/bin/hub FILE). Not part of make test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${BENCH_RECORDS:-270000}"
PORT="${BENCH_NEO4J_PORT:-7697}"
WORK="$ROOT/.data/bench-import"
mkdir -p "$WORK" .data/bin
go build -o .data/bin/hub .
file="$WORK/synthetic-$N.json"
[[ -f "$file" ]] || .data/bin/hub gen --recommendations "$N" -o "$file" >/dev/null
neo() { NEO4J_BOLT_PORT="$PORT" NEO4J_DATA_DIR="$WORK/neo4j" NEO4J_HEAP_MB=2048 NEO4J_PAGECACHE_MB=1024 scripts/neo4j-local.sh "$@"; }
neo stop >/dev/null 2>&1 || true
rm -rf "$WORK/neo4j"
neo start
trap 'neo stop' EXIT
command -v /usr/bin/time >/dev/null || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
neo_pid=$(cat "$WORK/neo4j/neo4j-local.pid")
# utime + stime of a process, in clock ticks (/proc/PID/stat fields 14 and 15).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
profile=()
[[ -n "${BENCH_CPUPROFILE:-}" ]] && profile=(--cpuprofile "$BENCH_CPUPROFILE")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
neo_before=$(cpu_ticks "$neo_pid")
start=$(date +%s.%N)
NEO4J_URI="bolt://127.0.0.1:$PORT" /usr/bin/time -v .data/bin/hub import --format uhri-json "${profile[@]}" "$file" >"$WORK/out.txt" 2>"$WORK/err.txt"
end=$(date +%s.%N)
neo_after=$(cpu_ticks "$neo_pid")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
rss=$(grep "Maximum resident" "$WORK/err.txt" | awk '{print $NF}')
echo "records:   $N ($(du -h "$file" | cut -f1) of UHRI-JSON)"
echo "result:    $(tail -1 "$WORK/out.txt")"
echo "wall time: ${secs}s  → $(awk -v n="$N" -v s="$secs" 'BEGIN{printf "%d", n/s}') records/s"
echo "peak RSS:  $((rss / 1024)) MiB (importer process)"
user=$(grep "User time" "$WORK/err.txt" | awk '{print $NF}')
sys=$(grep "System time" "$WORK/err.txt" | awk '{print $NF}')
echo "CPU:       importer $(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.1f", u+s}')s, Neo4j $(awk -v a="$neo_before" -v b="$neo_after" -v t="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", (b-a)/t}')s"
echo "load avg:  $load_before before, $load_after after ($(nproc) cores)"

#!/usr/bin/env bash
# make bench-import: generates N synthetic UHRI-JSON records (default 270,000, the size of the
# real index), imports them into a Neo4j of its own (fresh, port BENCH_NEO4J_PORT, default
# 7697), and reports records/s and the importer's peak RSS (GNU time). Not part of make test.
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
start=$(date +%s.%N)
NEO4J_URI="bolt://127.0.0.1:$PORT" /usr/bin/time -v .data/bin/hub import --format uhri-json "$file" >"$WORK/out.txt" 2>"$WORK/err.txt"
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
rss=$(grep "Maximum resident" "$WORK/err.txt" | awk '{print $NF}')
echo "records:   $N ($(du -h "$file" | cut -f1) of UHRI-JSON)"
echo "result:    $(tail -1 "$WORK/out.txt")"
echo "wall time: ${secs}s  → $(awk -v n="$N" -v s="$secs" 'BEGIN{printf "%d", n/s}') records/s"
echo "peak RSS:  $((rss / 1024)) MiB (importer process)"

#!/usr/bin/env bash
# make bench: the hub against the Neo4j GraphQL Library (the peer, bench/peer/) and the raw
# Cypher floor, on one graph of 250,000 synthetic recommendations in a Neo4j of its own.
#
#   1. a dedicated Neo4j (port BENCH_NEO4J_PORT, default 7696; data in .data/bench/neo4j);
#   2. the hub (port BENCH_HUB_PORT, default 18090) loads the demo data into the empty graph;
#      `hub gen` + `hub import` add BENCH_RECORDS synthetic UHRI-JSON recommendations and
#      `hubbench seed` synthetic NMIRFs and good practices. The graph is kept and reused while
#      its stamp matches; BENCH_FRESH=1 rebuilds it;
#   3. the peer (port BENCH_PEER_PORT, default 18091), npm ci'd from its lockfile;
#   4. `hubbench run`: checks the three answer the same, loads all three for BENCH_SETTLE
#      (default 63s, shared by every query; 0s skips it) so that the first cells do not run
#      on colder servers than the later ones (Neo4j's JIT compiles during the first minutes
#      of load), then each at concurrency
#      BENCH_CONCURRENCY (default 1,8,32) for BENCH_DURATION after BENCH_WARMUP, writes
#      bench/results/latest.{json,svg} and the results section of BENCHMARKS.md.
# Everything started here is stopped on exit. Not part of make test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

N="${BENCH_RECORDS:-250000}"
NEO_PORT="${BENCH_NEO4J_PORT:-7696}"
HUB_PORT="${BENCH_HUB_PORT:-18090}"
PEER_PORT="${BENCH_PEER_PORT:-18091}"
WORK="$ROOT/.data/bench"
DATA="$WORK/neo4j"
STAMP="$DATA/bench-graph-$N"
URI="bolt://127.0.0.1:$NEO_PORT"
PEER_WORKERS="${BENCH_PEER_WORKERS:-$(nproc)}"
started=$(date +%s)

neo() { NEO4J_BOLT_PORT="$NEO_PORT" NEO4J_DATA_DIR="$DATA" NEO4J_HEAP_MB=2048 NEO4J_PAGECACHE_MB=2048 scripts/neo4j-local.sh "$@"; }
hub_pid="" peer_pid=""
stop_all() {
  trap - EXIT INT TERM
  for pid in $peer_pid $hub_pid; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  neo stop >/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_http() { # url name pid
  for _ in $(seq 180); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$3" 2>/dev/null || { echo "bench: $2 exited; see its log in $WORK" >&2; return 1; }
    sleep 1
  done
  echo "bench: $2 not ready at $1" >&2
  return 1
}

mkdir -p "$WORK" .data/bin
# BENCH_HUB_BIN names a hub binary built elsewhere (e.g. from another commit) instead.
HUB_BIN="${BENCH_HUB_BIN:-.data/bin/hub-bench}"
if [[ -z "${BENCH_HUB_BIN:-}" ]]; then
  echo "bench: building the hub"
  go build -o "$HUB_BIN" .
fi
go build -o .data/bin/hubbench ./bench/cmd/hubbench

if [[ ! -f bench/peer/node_modules/.installed || bench/peer/package-lock.json -nt bench/peer/node_modules/.installed ]]; then
  echo "bench: installing the peer (npm ci)"
  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
fi

if [[ -n "${BENCH_FRESH:-}" || ! -f "$STAMP" ]]; then
  neo stop >/dev/null 2>&1 || true
  rm -rf "$DATA"
  fresh=1
else
  fresh=0
fi
neo start

echo "bench: starting the hub on :$HUB_PORT"
NEO4J_URI="$URI" PORT="$HUB_PORT" RATE_LIMIT_RPS=0 LOG_LEVEL=warn LOAD_DEMO_DATA=true \
  "$HUB_BIN" >"$WORK/hub.log" 2>&1 &
hub_pid=$!
wait_http "http://127.0.0.1:$HUB_PORT/readyz" hub "$hub_pid"

if (( fresh )); then
  file="$WORK/synthetic-$N.json"
  [[ -f "$file" ]] || "$HUB_BIN" gen --recommendations "$N" --seed 1 -o "$file" >/dev/null
  echo "bench: importing $N synthetic recommendations (a few minutes)"
  t0=$(date +%s)
  NEO4J_URI="$URI" LOG_LEVEL=warn "$HUB_BIN" import --format uhri-json "$file" | tail -1
  .data/bin/hubbench seed -neo4j "$URI"
  echo "bench: graph ready in $(( $(date +%s) - t0 )) s"
  touch "$STAMP"
fi

echo "bench: starting the peer on :$PEER_PORT ($PEER_WORKERS workers)"
NEO4J_URI="$URI" PORT="$PEER_PORT" PEER_WORKERS="$PEER_WORKERS" node bench/peer/server.mjs >"$WORK/peer.log" 2>&1 &
peer_pid=$!
wait_http "http://127.0.0.1:$PEER_PORT/graphql?query=%7B__typename%7D" peer "$peer_pid"

.data/bin/hubbench run -hub "http://127.0.0.1:$HUB_PORT/graphql" -peer "http://127.0.0.1:$PEER_PORT/graphql" -neo4j "$URI" \
  -settle "${BENCH_SETTLE:-63s}" -warmup "${BENCH_WARMUP:-2s}" -duration "${BENCH_DURATION:-8s}" -concurrency "${BENCH_CONCURRENCY:-1,8,32}" \
  -peer-workers "$PEER_WORKERS" -recommendations "$N" ${BENCH_ONLY:+-only "$BENCH_ONLY"} ${BENCH_OUT:+-out "$BENCH_OUT"}
echo "bench: done in $(( $(date +%s) - started )) s"

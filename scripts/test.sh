#!/usr/bin/env bash
# make test: checks generated code, starts a Neo4j of its own (own port and data directory,
# never the user's), runs every Go test against it, then runs the playground in headless
# Chromium against the real server. Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TEST_PORT="${NEO4J_TEST_PORT:-7688}"
TEST_DATA="$ROOT/.data/neo4j-test"
HUB_TEST_PORT="${HUB_TEST_PORT:-18080}"
export NEO4J_TEST_URI="bolt://127.0.0.1:${TEST_PORT}"

neo4j_test() { NEO4J_BOLT_PORT="$TEST_PORT" NEO4J_DATA_DIR="$TEST_DATA" NEO4J_HEAP_MB="${NEO4J_HEAP_MB:-768}" scripts/neo4j-local.sh "$@"; }

echo "== tools"
CHROMIUM_PATH="$(scripts/ensure-chromium.sh)"
export CHROMIUM_PATH

echo "== generated code is up to date"
make --no-print-directory check-generated

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [[ -n "$unformatted" ]]; then echo "gofmt would change: $unformatted" >&2; exit 1; fi

echo "== go vet"
go vet ./...

echo "== typed frontend client: operation types generated from schema.graphqls, type-checked"
(cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck)

echo "== test Neo4j on port $TEST_PORT (fresh data in $TEST_DATA)"
neo4j_test stop >/dev/null 2>&1 || true
rm -rf "$TEST_DATA"
neo4j_test start
hub_pid=""
cleanup() {
  if [[ -n "$hub_pid" ]]; then kill -TERM "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true; fi
  neo4j_test stop || true
}
trap cleanup EXIT

echo "== go test"
go test -count=1 ./...

echo "== playground, graph explorer and State page in headless Chromium, GraphQL-over-HTTP audit (graphql-http)"
mkdir -p .data/bin
go build -o .data/bin/hub .
if (exec 3<>"/dev/tcp/127.0.0.1/$HUB_TEST_PORT") 2>/dev/null; then
  echo "port $HUB_TEST_PORT is taken: set HUB_TEST_PORT to a free port" >&2
  exit 1
fi
# The rate limit has its own test; the audit below sends dozens of requests at once.
NEO4J_URI="$NEO4J_TEST_URI" PORT="$HUB_TEST_PORT" RATE_LIMIT_RPS=0 .data/bin/hub >.data/hub-test.log 2>&1 &
hub_pid=$!
deadline=$((SECONDS + 60))
until curl -sf "http://127.0.0.1:$HUB_TEST_PORT/readyz" >/dev/null; do
  if ! kill -0 "$hub_pid" 2>/dev/null || (( SECONDS > deadline )); then
    echo "the server did not become ready; its log:" >&2
    tail -n 20 .data/hub-test.log >&2
    exit 1
  fi
  sleep 0.2
done
(cd web && HUB_URL="http://127.0.0.1:$HUB_TEST_PORT" node --test tests/playground.mjs tests/http-audit.mjs tests/explore.mjs tests/state.mjs)

echo "== typed client demo against the test server (npm run demo, HUB_STATE=MAR)"
if ! demo_out="$(cd clients/typescript && HUB_URL="http://127.0.0.1:$HUB_TEST_PORT/graphql" HUB_STATE=MAR npm run --silent demo 2>&1)"; then
  echo "$demo_out" >&2
  echo "the client demo failed" >&2
  exit 1
fi
printf '%s\n' "$demo_out" | sed -n 1,8p
for want in "Morocco (MAR)" "Interministerial Delegation for Human Rights (DIDH)" "Executive Committee (coordinator)" "Latest recommendations (5 of" "Executive Committee:"; do
  if ! grep -qF "$want" <<<"$demo_out"; then
    echo "$demo_out" >&2
    echo "the client demo printed no \"$want\"" >&2
    exit 1
  fi
done

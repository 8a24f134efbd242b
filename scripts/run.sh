#!/usr/bin/env bash
# make run: start the local Neo4j (if not already running), then the server in the
# foreground with the demo data. Ctrl-C (or SIGTERM) stops the server, then Neo4j.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:${NEO4J_BOLT_PORT}}"

started_neo4j=0
if ! scripts/neo4j-local.sh status >/dev/null 2>&1; then
  scripts/neo4j-local.sh start
  started_neo4j=1
fi
stop_all() {
  trap - EXIT INT TERM
  if [[ -n "${server_pid:-}" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if (( started_neo4j )); then scripts/neo4j-local.sh stop; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

mkdir -p .data/bin
go build -o .data/bin/hub .
.data/bin/hub &
server_pid=$!
wait "$server_pid"

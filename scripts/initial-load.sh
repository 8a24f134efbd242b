#!/usr/bin/env bash
# A first import of a large file into the local Neo4j (scripts/neo4j-local.sh), through
# Neo4j's offline importer instead of one transaction per batch:
#
#   1. hub import --initial-load DIR [flags] FILE  reads, checks and merges every record in
#      memory, exactly as an import does (same notes, same counts), over a copy of the graph,
#      and writes the whole graph as the importer's files; refused if the graph holds any
#      recommendation (the load replaces the database);
#   2. scripts/neo4j-local.sh stop, load DIR, start  (neo4j-admin database import full);
#   3. hub migrate  builds the indexes and waits until they are online.
#
# Usage: scripts/initial-load.sh [hub import flags…] FILE
# Environment: that of scripts/neo4j-local.sh (NEO4J_BOLT_PORT, NEO4J_DATA_DIR, NEO4J_HEAP_MB,
# NEO4J_PAGECACHE_MB); HUB_BIN, a hub binary to use (default: built from this checkout).
# Nothing may write to the database while this runs. Prints the time of each step.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
(( $# >= 1 )) || { echo "usage: scripts/initial-load.sh [hub import flags…] FILE" >&2; exit 2; }
hub="${HUB_BIN:-}"
if [[ -z "$hub" ]]; then
  mkdir -p .data/bin
  go build -o .data/bin/hub .
  hub=.data/bin/hub
fi
uri="bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}"
dir="$(mktemp -d "${TMPDIR:-/tmp}/hub-initial-load.XXXXXX")"
trap 'rm -rf "$dir"' EXIT

step_start=0
step() { step_start=$(date +%s.%N); }
took() { printf 'initial-load: %-40s %6.1f s\n' "$1" "$(awk -v a="$step_start" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')"; }

step; scripts/neo4j-local.sh start >/dev/null; took "Neo4j running"
step; NEO4J_URI="$uri" "$hub" import --initial-load "$dir" "$@"; took "records merged, files written (hub)"
step; scripts/neo4j-local.sh stop >/dev/null; took "Neo4j stopped"
step; scripts/neo4j-local.sh load "$dir" >/dev/null; took "files loaded (neo4j-admin import)"
step; scripts/neo4j-local.sh start >/dev/null; took "Neo4j started"
step; NEO4J_URI="$uri" "$hub" migrate >/dev/null; took "indexes built and online (hub migrate)"

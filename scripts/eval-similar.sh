#!/usr/bin/env bash
# make eval-similar: precision and recall of text similarity against the expert links in
# testdata/costa_rica_2024_match_links.jsonl, on a Neo4j of its own with the demo data.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${EVAL_NEO4J_PORT:-7695}"
DIR="$ROOT/.data/eval-similar"
neo() { NEO4J_BOLT_PORT="$PORT" NEO4J_DATA_DIR="$DIR" NEO4J_HEAP_MB=768 scripts/neo4j-local.sh "$@"; }
neo stop >/dev/null 2>&1 || true
rm -rf "$DIR"
neo start
trap 'neo stop' EXIT
NEO4J_TEST_URI="bolt://127.0.0.1:$PORT" go test -count=1 -v -run 'TestSimilarPrecisionRecall' ./store | grep -E 'k=|PASS|FAIL|ok'

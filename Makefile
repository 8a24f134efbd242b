# NMIRF Knowledge Hub. The two commands a user needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

WEB_STAMP := web/node_modules/.installed
ASSET_STAMP := ui/assets/sri.json

.PHONY: help run test generate check-generated assets neo4j-start neo4j-stop neo4j-status deps vet fault initial-load bench-import bench bench-hostile eval-similar

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: deps assets ## set up, start the local Neo4j and the server with demo data (Ctrl-C stops both)
	@scripts/run.sh

test: deps assets ## run every test against a real Neo4j that this target starts and stops
	@scripts/test.sh

deps: ## download Go modules; check the tools the project needs
	@scripts/check-tools.sh
	@go mod download

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSET_STAMP): $(WEB_STAMP) web/scripts/copy-assets.mjs
	cd web && npm run --silent assets

assets: $(ASSET_STAMP) ## copy the playground's JS/CSS from npm packages into ui/assets (embedded in the binary)

generate: ## regenerate gqlgen code from schema.graphqls
	go run github.com/99designs/gqlgen generate

check-generated: generate ## fail if the committed generated code differs from a fresh generation
	@git diff --exit-code --stat -- graph resolvers || { echo "generated code is stale: run 'make generate' and commit" >&2; exit 1; }
	@test -z "$$(git status --porcelain --untracked-files=all -- graph resolvers)" || { git status --short -- graph resolvers; echo "generation created files that are not committed" >&2; exit 1; }

vet: ## go vet
	go vet ./...

neo4j-start: ## start the local Neo4j in the background (port NEO4J_BOLT_PORT, default 7687)
	@scripts/neo4j-local.sh start

neo4j-stop: ## stop the local Neo4j
	@scripts/neo4j-local.sh stop

neo4j-status: ## is the local Neo4j running?
	@scripts/neo4j-local.sh status

fault: assets ## fault drill: SIGKILL Neo4j under load, restart, check acknowledged writes
	go run ./scripts/fault

initial-load: deps ## a first, large import (FILE=path, FLAGS=hub import flags) into the local Neo4j through Neo4j's offline importer
	@test -n "$(FILE)" || { echo "usage: make initial-load FILE=path [FLAGS='--format uhri-json']" >&2; exit 2; }
	@scripts/initial-load.sh $(FLAGS) "$(FILE)"

bench-import: ## 270,000 synthetic UHRI-JSON records into a fresh Neo4j as an initial load (BENCH_MODE=transactional: hub import); time per step, peak RSS
	@scripts/bench-import.sh

bench: ## hub vs @neo4j/graphql vs raw Cypher on 250,000 recommendations: checks equal answers, writes bench/results and BENCHMARKS.md
	@scripts/bench.sh

bench-hostile: ## worst parse + validation + limit-analysis time over generated hostile GraphQL documents (goal ≤ 50 ms; no database)
	@go test ./httpapi -run '^$$' -bench '^BenchmarkHostileDocuments$$' -benchtime 5x -count 1 | awk '/worst-ms\/doc/ { print; for (i = 1; i <= NF; i++) if ($$i == "worst-ms/doc") w = $$(i-1) } END { if (w == "") exit 1; printf "worst analysis time per hostile document: %s ms (goal <= 50 ms)\n", w }'

eval-similar: ## precision/recall of similar recommendations against the shared expert links
	@scripts/eval-similar.sh

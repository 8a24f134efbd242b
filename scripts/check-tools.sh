#!/usr/bin/env bash
# Checks that the tools `make run` and `make test` need are installed, with one clear line
# for each that is missing.
set -uo pipefail
missing=0
need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing: $1 — $2" >&2
    missing=1
  fi
}
need go "install Go 1.26 or newer (https://go.dev/dl/)"
need java "install a Java 17+ JDK (e.g. apt-get install openjdk-17-jdk-headless)"
need mvn "install Maven 3.8+ (e.g. apt-get install maven)"
need node "install Node.js 20+"
need npm "install npm (comes with Node.js)"
if command -v node >/dev/null 2>&1; then
  major=$(node -p 'process.versions.node.split(".")[0]')
  if (( major < 20 )); then echo "Node.js $major is too old: install Node.js 20+" >&2; missing=1; fi
fi
exit $missing

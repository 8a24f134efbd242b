#!/usr/bin/env bash
# Ensures Debian's chromium is installed (for the headless playground test) and
# prints its path. Exits non-zero with one line on stderr if that is impossible.
set -uo pipefail

CHROMIUM=/usr/bin/chromium

fail() { echo "ensure-chromium: $*" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    fail "$CHROMIUM missing and cannot install it (not root, no passwordless sudo)"
  fi
  command -v apt-get >/dev/null 2>&1 || fail "$CHROMIUM missing and apt-get is not available"
  log=$(mktemp)
  if ! { "${SUDO[@]}" apt-get update -qq &&
         "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1; then
    last=$(grep -v '^\s*$' "$log" | tail -n 1)
    rm -f "$log"
    fail "apt-get install chromium failed: ${last:-unknown error}"
  fi
  rm -f "$log"
  [ -x "$CHROMIUM" ] || fail "chromium installed but $CHROMIUM not found"
fi

echo "$CHROMIUM"

#!/usr/bin/env bash
# Local Neo4j (Community 5.26, embedded in our small launcher in neo4j-local/) for development.
# Bolt on 127.0.0.1 only, auth off, data persisted under $NEO4J_DATA_DIR.
#
# Usage: scripts/neo4j-local.sh build|start|stop|status|run|load DIR
#   build     compile the launcher (Maven) if sources changed or target/ is missing, and make
#             its class-data-sharing archive (once per build and Java version)
#   start     build, start in the background, wait until Bolt answers (exit 0 if already running)
#   stop      SIGTERM, wait up to 60 s, then SIGKILL
#   status    "running" (exit 0) or "not running" (exit 1)
#   run       build, then run in the foreground (Ctrl-C stops it cleanly)
#   load DIR  replace the (stopped) database with an initial load's files, written by
#             `hub import --initial-load DIR`, with Neo4j's offline importer (neo4j-admin
#             database import full); the next `start` serves them, `hub migrate` indexes them
#
# Environment:
#   NEO4J_BOLT_PORT      Bolt port on 127.0.0.1           (default 7687)
#   NEO4J_DATA_DIR       data/home directory              (default <repo>/.data/neo4j;
#                        relative paths are taken relative to the repo root)
#   NEO4J_HEAP_MB        JVM heap: the server's -Xms and -Xmx, the offline importer's -Xmx
#                        (default 1024)
#   NEO4J_PAGECACHE_MB   Neo4j page cache cap            (default 256)
#   NEO4J_START_TIMEOUT  seconds `start` waits for ready (default 180)
#   NEO4J_GC             the server JVM's garbage collector: parallel, g1 or serial
#                        (default parallel: about 12 % less of Neo4j's CPU per statement than
#                        G1 on the hub's reads, BENCHMARKS.md "Session 19"); the offline
#                        importer keeps the JVM's default. A collector named in
#                        JAVA_TOOL_OPTIONS as well stops the JVM (it refuses two).
#
# Files in $NEO4J_DATA_DIR: neo4j-local.log (launcher stdout/stderr), neo4j-local.pid,
# neo4j-local.port, logs/ (Neo4j's own debug.log etc.), data/ (the store).
set -euo pipefail

SCRIPT_DIR="${BASH_SOURCE[0]%/*}"
[[ "$SCRIPT_DIR" == "${BASH_SOURCE[0]}" ]] && SCRIPT_DIR=.
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
PROJ="$ROOT/neo4j-local"
MAIN_CLASS="org.nmirfhub.neo4jlocal.Main"
JAR="$PROJ/target/neo4j-local.jar"
# One class path for every JVM of the launcher's: the class-data-sharing archive records it,
# and a JVM maps the archive only when its class path starts with the same.
CLASS_PATH="$PROJ/target/lib/*:$JAR"
# Made once per build and Java version (make_archive): the classes a start of Neo4j loads, so
# that later starts map them instead of loading and verifying them one by one.
CDS_ARCHIVE="$PROJ/target/neo4j-local.jsa"
CDS_STAMP="$PROJ/target/neo4j-local.jsa.java"
JAVA_OPENS=(--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)

BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HEAP_MB="${NEO4J_HEAP_MB:-1024}"
PAGECACHE_MB="${NEO4J_PAGECACHE_MB:-256}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
GC="${NEO4J_GC:-parallel}"
DATA_DIR="${NEO4J_DATA_DIR:-$ROOT/.data/neo4j}"
case "$DATA_DIR" in
  /*) ;;
  *) DATA_DIR="$ROOT/$DATA_DIR" ;;
esac

LOG_FILE="$DATA_DIR/neo4j-local.log"
PID_FILE="$DATA_DIR/neo4j-local.pid"
PORT_FILE="$DATA_DIR/neo4j-local.port"

say() { printf 'neo4j-local: %s\n' "$*"; }
die() { local code="$1"; shift; printf 'neo4j-local: %s\n' "$*" >&2; exit "$code"; }

is_uint() { [[ "$1" =~ ^[0-9]+$ ]] && (( 10#$1 > 0 )); }

validate_env() {
  is_uint "$BOLT_PORT" && (( 10#$BOLT_PORT <= 65535 )) \
    || die 2 "invalid NEO4J_BOLT_PORT='$BOLT_PORT': expected a TCP port number (1-65535)"
  BOLT_PORT=$((10#$BOLT_PORT))
  is_uint "$HEAP_MB" && (( 10#$HEAP_MB >= 128 )) \
    || die 2 "invalid NEO4J_HEAP_MB='$HEAP_MB': expected a size in MiB (128 or more)"
  is_uint "$PAGECACHE_MB" \
    || die 2 "invalid NEO4J_PAGECACHE_MB='$PAGECACHE_MB': expected a size in MiB (8 or more)"
  is_uint "$START_TIMEOUT" \
    || die 2 "invalid NEO4J_START_TIMEOUT='$START_TIMEOUT': expected a number of seconds"
  case "$GC" in
    parallel) GC_FLAG=-XX:+UseParallelGC ;;
    g1) GC_FLAG=-XX:+UseG1GC ;;
    serial) GC_FLAG=-XX:+UseSerialGC ;;
    *) die 2 "invalid NEO4J_GC='$GC': expected parallel, g1 or serial" ;;
  esac
}

# ---------------------------------------------------------------------------------------------
# build

check_tools() {
  command -v java >/dev/null 2>&1 || die 1 "java not found on PATH (install Java 17+)"
  command -v mvn >/dev/null 2>&1 || die 1 "mvn not found on PATH (install Maven 3.6+)"
  local line major
  JAVA_VERSION="$(java -version 2>&1)"
  # The line with the version (JAVA_TOOL_OPTIONS, when set, adds a line before it).
  line="$(grep -m 1 ' version "' <<<"$JAVA_VERSION" || head -n 1 <<<"$JAVA_VERSION")"
  # e.g.: openjdk version "17.0.15" 2025-04-15   |   java version "1.8.0_392"
  major="$(sed -E -n 's/.*version "([0-9]+)(\.([0-9]+))?.*/\1 \3/p' <<<"$line")"
  if [[ "$major" == 1\ * ]]; then major="${major#1 }"; else major="${major%% *}"; fi
  [[ "$major" =~ ^[0-9]+$ ]] || die 1 "cannot determine the Java version from: $line"
  (( major >= 17 )) || die 1 "Java $major found on PATH, Java 17+ is required"
}

needs_build() {
  local stamp="$PROJ/target/.build-stamp"
  [[ -d "$PROJ/target/lib" && -f "$JAR" && -f "$stamp" ]] || return 0
  [[ "$PROJ/pom.xml" -nt "$stamp" ]] && return 0
  [[ -n "$(find "$PROJ/src" -type f -newer "$stamp" -print -quit)" ]] && return 0
  return 1
}

# The archive is made again after a build or with another Java (its stamp holds the
# `java -version` it was made with, also when making it failed: then starts go without it
# rather than try again each time).
needs_archive() { [[ ! -f "$CDS_STAMP" || "$(cat "$CDS_STAMP")" != "$JAVA_VERSION" ]]; }

do_build() {
  check_tools
  needs_build || needs_archive || return 0
  mkdir -p "$PROJ/target"
  # Serialise concurrent builds (two instances starting at once).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$PROJ/target/.build.lock"
    flock 9
  fi
  if needs_build; then
    say "building launcher (mvn package; first run downloads Neo4j from Maven Central)..." >&2
    rm -rf "$PROJ/target/lib" "$PROJ/target/classes" "$JAR" "$PROJ/target/.build-stamp" "$CDS_ARCHIVE" "$CDS_STAMP"
    local out="$PROJ/target/build.log"
    # Output is kept (Maven prints stray ANSI codes even with -q -B) and shown only on failure.
    if ! mvn -q -B -f "$PROJ/pom.xml" package -DskipTests >"$out" 2>&1; then
      tail -n 40 "$out" >&2
      die 1 "build failed (mvn -q -B -f neo4j-local/pom.xml package -DskipTests; log: $out)"
    fi
    touch "$PROJ/target/.build-stamp"
  fi
  needs_archive && make_archive
  if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
}

# make_archive starts Neo4j once in a throwaway home (Main --warm-up: schema, writes, reads,
# full-text, Bolt) with -XX:ArchiveClassesAtExit. Each later start of Neo4j or of its offline
# importer maps the archive: a fresh start to ready took 3.5–5.0 s instead of 4.7–6.5 s,
# 6.0–8.4 CPU-seconds instead of 8.2–11.3 (three alternating pairs, BENCHMARKS.md session 15).
# Without it (a Java without a base archive), Neo4j starts as before.
make_archive() {
  local home="$PROJ/target/cds-warm-up" log="$PROJ/target/cds.log"
  rm -rf "$home" "$CDS_ARCHIVE"
  say "making the class-data-sharing archive (one start of Neo4j; log: $log)..." >&2
  if ! java -Xmx512m -XX:ArchiveClassesAtExit="$CDS_ARCHIVE" "${JAVA_OPENS[@]}" -cp "$CLASS_PATH" \
      "$MAIN_CLASS" --warm-up "$home" >"$log" 2>&1 || [[ ! -s "$CDS_ARCHIVE" ]]; then
    rm -f "$CDS_ARCHIVE"
    say "no class-data-sharing archive (log: $log): Neo4j starts without it" >&2
  fi
  rm -rf "$home"
  printf '%s\n' "$JAVA_VERSION" >"$CDS_STAMP"
}

# cds_flags: the JVM flag that maps the archive, if there is one.
cds_flags() {
  CDS_FLAGS=()
  [[ -f "$CDS_ARCHIVE" ]] && CDS_FLAGS=("-XX:SharedArchiveFile=$CDS_ARCHIVE")
  return 0
}

java_cmd() {
  cds_flags
  # The collector: a read statement leaves only short-lived garbage (the page cache is off
  # the heap), and G1, the JVM's default, is known to trade throughput (barriers, concurrent
  # work) for short pauses, which this garbage hardly needs (not profiled here); measured,
  # the parallel collector cost Neo4j about 12 % less CPU per statement (NEO4J_GC above). The heap is committed
  # at its cap from the start, as Neo4j's operations manual advises for initial and maximum
  # heap. Measured with the parallel collector in two minutes of load: a heap grown from the
  # JVM's default start (1/64 of the machine's memory) had three full, stop-the-world
  # collections of 85-90 ms and 134-150 young ones; the whole heap, one full collection (at
  # start) and 54-56 young ones (BENCHMARKS.md, "Session 19"). Pages are touched as they are
  # used, not at start.
  JAVA_CMD=(java
    "-Xms${HEAP_MB}m" "-Xmx${HEAP_MB}m"
    "$GC_FLAG"
    -XX:+ExitOnOutOfMemoryError
    "${CDS_FLAGS[@]}"
    "${JAVA_OPENS[@]}"
    -cp "$CLASS_PATH"
    "$MAIN_CLASS")
}

export_env() {
  export NEO4J_BOLT_PORT="$BOLT_PORT" NEO4J_DATA_DIR="$DATA_DIR" NEO4J_PAGECACHE_MB="$PAGECACHE_MB"
}

# ---------------------------------------------------------------------------------------------
# process helpers

# Alive and not a zombie (an exited child stays a zombie until reaped; kill -0 still works).
is_alive() {
  local pid="$1" state
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != "Z" && "$state" != "X" ]]
}

# Alive and really our launcher (guards against a recycled pid in a stale pid file).
is_our_process() {
  local pid="$1" cmdline
  is_alive "$pid" || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$MAIN_CLASS"* ]]
}

read_pid() { [[ -f "$PID_FILE" ]] && tr -dc '0-9' <"$PID_FILE" || true; }

running_port() { if [[ -f "$PORT_FILE" ]]; then tr -dc '0-9' <"$PORT_FILE"; else echo "$BOLT_PORT"; fi; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The launcher reports its own errors as one "neo4j-local: ..." line; show just that when it
# is the last line of the log, otherwise the log tail.
report_failure() {
  local last
  last="$(tail -n 1 "$LOG_FILE" 2>/dev/null || true)"
  if [[ "$last" == "neo4j-local: "* ]]; then
    printf '%s\n' "$last" >&2
  else
    tail -n 15 "$LOG_FILE" >&2 2>/dev/null || true
    printf 'neo4j-local: failed to start (log: %s)\n' "$LOG_FILE" >&2
  fi
}

# Wait for the ready line in the log AND the port accepting connections.
wait_ready() {
  local pid="$1" port="$2" deadline=$((SECONDS + START_TIMEOUT))
  while (( SECONDS < deadline )); do
    if ! is_alive "$pid"; then
      rm -f "$PID_FILE" "$PORT_FILE"
      report_failure
      exit 1
    fi
    if grep -q '^neo4j-local: ready ' "$LOG_FILE" 2>/dev/null && port_open "$port"; then
      grep '^neo4j-local: ready ' "$LOG_FILE" | tail -n 1
      return 0
    fi
    sleep 0.2
  done
  printf 'neo4j-local: not ready after %ss, stopping it (log: %s)\n' "$START_TIMEOUT" "$LOG_FILE" >&2
  tail -n 5 "$LOG_FILE" >&2 || true
  kill_and_wait "$pid" 20 || true
  rm -f "$PID_FILE" "$PORT_FILE"
  exit 1
}

# SIGTERM, wait up to $2 seconds, then SIGKILL. Returns 1 if SIGKILL was needed.
kill_and_wait() {
  local pid="$1" timeout="$2" deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + timeout))
  while (( SECONDS < deadline )); do
    is_alive "$pid" || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  while is_alive "$pid"; do sleep 0.1; done
  return 1
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_start() {
  validate_env
  mkdir -p "$DATA_DIR"
  # One `start` at a time per data directory (held until ready; a concurrent start then
  # finds the running instance).
  if command -v flock >/dev/null 2>&1; then
    exec 8>"$DATA_DIR/neo4j-local.lock"
    flock 8
  fi
  local pid
  pid="$(read_pid)"
  if [[ -n "$pid" ]] && is_our_process "$pid"; then
    local port; port="$(running_port)"
    if grep -q '^neo4j-local: ready ' "$LOG_FILE" 2>/dev/null && port_open "$port"; then
      say "already running (pid $pid) bolt://127.0.0.1:$port (data: $DATA_DIR)"
      exit 0
    fi
    say "already starting (pid $pid), waiting for it..." >&2
    wait_ready "$pid" "$port"
    exit 0
  fi
  rm -f "$PID_FILE" "$PORT_FILE"

  do_build
  java_cmd
  export_env
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.prev"
  cd "$ROOT"
  # Background jobs of a non-interactive shell ignore SIGINT/SIGQUIT; reset them so the JVM
  # installs its handlers and SIGINT stops Neo4j cleanly too. setsid: own session, no tty.
  (
    trap - INT QUIT
    exec 8>&- 9>&-
    exec setsid nohup "${JAVA_CMD[@]}" >"$LOG_FILE" 2>&1 </dev/null
  ) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$BOLT_PORT" >"$PORT_FILE"
  wait_ready "$pid" "$BOLT_PORT"
}

cmd_stop() {
  local pid
  pid="$(read_pid)"
  if [[ -z "$pid" ]] || ! is_our_process "$pid"; then
    rm -f "$PID_FILE" "$PORT_FILE"
    say "not running (data: $DATA_DIR)"
    return 0
  fi
  if kill_and_wait "$pid" 60; then
    say "stopped (pid $pid)"
  else
    say "did not stop within 60s, killed (pid $pid)" >&2
  fi
  rm -f "$PID_FILE" "$PORT_FILE"
}

cmd_status() {
  local pid port
  pid="$(read_pid)"
  if [[ -n "$pid" ]] && is_our_process "$pid"; then
    port="$(running_port)"
    if port_open "$port"; then
      say "running (pid $pid) bolt://127.0.0.1:$port (data: $DATA_DIR)"
    else
      say "running (pid $pid), not accepting connections on 127.0.0.1:$port yet (data: $DATA_DIR)"
    fi
    exit 0
  fi
  say "not running (data: $DATA_DIR)"
  exit 1
}

cmd_run() {
  validate_env
  mkdir -p "$DATA_DIR"
  do_build
  java_cmd
  export_env
  cd "$ROOT"
  exec "${JAVA_CMD[@]}"
}

# The offline importer (org.neo4j:neo4j brings neo4j-admin's classes onto the launcher's
# classpath) writes the store files of the database "neo4j" under $DATA_DIR/data, where the
# launcher's embedded Neo4j (home: $DATA_DIR) reads them. Its arguments come from the load's
# directory, one per line, as the hub wrote them (the file types and options that match the
# files). It refuses to run while the database runs.
cmd_load() {
  local dir="${1:-}"
  [[ -n "$dir" && -f "$dir/admin-import.args" ]] \
    || die 2 "load: '$dir' holds no admin-import.args (write it with: hub import --initial-load DIR FILE)"
  validate_env
  local pid
  pid="$(read_pid)"
  if [[ -n "$pid" ]] && is_our_process "$pid"; then
    die 1 "load: the database is running (pid $pid); stop it first (the load replaces it)"
  fi
  do_build
  local args=()
  mapfile -t args <"$dir/admin-import.args"
  mkdir -p "$DATA_DIR/conf"
  [[ -f "$DATA_DIR/conf/neo4j.conf" ]] || : >"$DATA_DIR/conf/neo4j.conf"
  local out="$dir/admin-import.log"
  say "loading $dir into $DATA_DIR (neo4j-admin database import full; log: $out)"
  cds_flags
  if ! NEO4J_HOME="$DATA_DIR" NEO4J_CONF="$DATA_DIR/conf" java "-Xmx${HEAP_MB}m" -XX:+ExitOnOutOfMemoryError "${CDS_FLAGS[@]}" \
      -cp "$CLASS_PATH" org.neo4j.cli.AdminTool \
      database import full neo4j "${args[@]}" >"$out" 2>&1; then
    tail -n 20 "$out" >&2
    die 1 "load failed (log: $out); the database was not replaced unless the log says otherwise"
  fi
  sed -n '/^IMPORT DONE/,/properties$/p' "$out"
  # The importer skips nothing (bad-tolerance 0), but say so from its own report.
  if [[ -s "$dir/import.report" ]]; then
    head -n 20 "$dir/import.report" >&2
    die 1 "load: the importer reported bad entries ($dir/import.report)"
  fi
}

case "${1:-}" in
  build) do_build ;;
  load) shift; cmd_load "$@" ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  run) cmd_run ;;
  *)
    echo "usage: $(basename "$0") build|start|stop|status|run|load DIR" >&2
    exit 2
    ;;
esac

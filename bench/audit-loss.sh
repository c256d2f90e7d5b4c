#!/usr/bin/env bash
# What a stop of the service loses of its decision records, measured (issue "Decisions and feedback that last").
#
#   bench/audit-loss.sh          # about 2 minutes; markdown table on stdout and in target/bench/audit-loss.md
#
# For each way of stopping (SIGTERM: graceful; SIGKILL: the process dies at once), on 127.0.0.1:
#   1. starts the jar on a new embedded H2 database (files under target/bench/audit-loss/<signal>/);
#   2. runs wrk with CONNECTIONS connections POSTing the vignette, and STOP_AFTER seconds into it sends the signal;
#   3. counts the 200 answers wrk received and, once the process is gone, the decisions in the database (H2's own
#      Shell tool on the files). Lost = answered - stored (negative: answers the server sent that wrk never read).
# Environment: CONNECTIONS (8), STOP_AFTER (s, default 15: after the JIT warm-up, under full load), HEAP (256m).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-8}
STOP_AFTER=${STOP_AFTER:-15}
HEAP=${HEAP:-256m}
SERVICE=jia-spine-followup-order-select
VIGNETTE=src/test/resources/scenarios/vignette-radiograph-order-select/request.json
H2_JAR=${H2_JAR:-$(ls "$HOME"/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | tail -1)}
OUT=target/bench/audit-loss

# shellcheck source=bench/common.sh
. bench/common.sh
# shellcheck source=bench/prerequisites.sh
. bench/prerequisites.sh
rm -rf "$OUT"; mkdir -p "$OUT"
echo "| stop | 200 answers (wrk) | decisions stored | lost | shutdown log |" > "$OUT/audit-loss.md"
echo "| --- | ---: | ---: | ---: | --- |" >> "$OUT/audit-loss.md"

for signal in TERM KILL; do
  data="$OUT/$signal"; mkdir -p "$data"; port=$(free_port)
  java -Xmx"$HEAP" -jar "$JAR" --server.port="$port" --cds.data-directory="$PWD/$data" --cds.audit.pseudonym-secret=bench \
    >"$data/server.log" 2>&1 &
  SERVER_PID=$!
  PIDS=("$SERVER_PID")
  wait_http "http://127.0.0.1:$port/actuator/health" 60 "$SERVER_PID" || die "the server did not start (see $data/server.log)"
  log "SIG$signal after ${STOP_AFTER}s of load with $CONNECTIONS connections"
  WRK_BODY="$VIGNETTE" wrk -t2 -c"$CONNECTIONS" -d"$((STOP_AFTER + 5))s" -s bench/wrk-status.lua \
    "http://127.0.0.1:$port/cds-services/$SERVICE" >"$data/wrk.txt" 2>&1 &
  wrk_pid=$!
  sleep "$STOP_AFTER"
  kill -"$signal" "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  PIDS=()
  wait "$wrk_pid" || true
  answered=$(python3 -c 'import json,sys; line=[l for l in open(sys.argv[1]) if l.startswith("WRKSTATUS ")][-1]; print(json.loads(line[10:])["by_status"].get("200", 0))' "$data/wrk.txt")
  stored=$(java -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$PWD/$data/acr-cds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
    -user sa -password "" -sql "SELECT COUNT(*) AS n FROM decision" | awk 'NR==2 {print $1}')
  note=$(grep -oE 'Shutdown: [0-9]+ audit record\(s\)[^.]*|Graceful shutdown complete' "$data/server.log" | tail -1 || true)
  echo "| SIG$signal | $answered | $stored | $((answered - stored)) | ${note:--} |" >> "$OUT/audit-loss.md"
done
cat "$OUT/audit-loss.md"

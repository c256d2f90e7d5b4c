#!/usr/bin/env bash
# Hook answers while the audit database is down, measured (issue "Decisions and feedback that last").
#
#   bench/audit-outage.sh        # about 2 minutes; markdown table on stdout and in target/bench/audit-outage.md
#
# On 127.0.0.1: a throwaway PostgreSQL (bench/postgres.sh), the packaged jar on it with -Xmx$HEAP, then wrk with
# CONNECTIONS connections POSTing the vignette for RUN_SECONDS each: (1) warm-up, (2) database up, (3) database stopped
# (pg_ctl -m immediate) for the whole run, (4) database started again. Then, once the queue is written, the decisions
# stored are compared with the 200 answers of all runs.
# Environment: CONNECTIONS (8), RUN_SECONDS (20), WARMUP (30), HEAP (256m).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-8}
RUN_SECONDS=${RUN_SECONDS:-20}
WARMUP=${WARMUP:-30}
HEAP=${HEAP:-256m}
SERVICE=jia-spine-followup-order-select
VIGNETTE=src/test/resources/scenarios/vignette-radiograph-order-select/request.json
OUT=target/bench/audit-outage

# shellcheck source=bench/common.sh
. bench/common.sh
# shellcheck source=bench/prerequisites.sh
. bench/prerequisites.sh
# shellcheck source=bench/postgres.sh
. bench/postgres.sh
rm -rf "$OUT"; mkdir -p "$OUT"
pg_init "$OUT"
port=$(free_port)
java -Xmx"$HEAP" -jar "$JAR" --server.port="$port" --spring.datasource.url="$PG_URL" --spring.datasource.username=acr \
  --cds.audit.pseudonym-secret=bench --management.endpoints.web.exposure.include=health,metrics >"$OUT/server.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$port/actuator/health" 60 "$!" || die "the server did not start (see $OUT/server.log)"

run() { # run <label> <seconds>: wrk against the vignette; appends a table row, adds the 200s to ANSWERED
  WRK_BODY="$VIGNETTE" wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 10s -s bench/wrk-status.lua \
    "http://127.0.0.1:$port/cds-services/$SERVICE" >"$OUT/$1.txt" 2>&1
  python3 - "$OUT/$1.txt" "$1" "$2" >>"$OUT/rows.md" <<'PY'
import json, sys
line = [l for l in open(sys.argv[1]) if l.startswith("WRKSTATUS ")][-1]
r = json.loads(line[10:])
ok = r["by_status"].get("200", 0)
other = {k: v for k, v in r["by_status"].items() if k != "200"}
print(f"| {sys.argv[2]} | {ok / float(sys.argv[3]):.0f} | {r['p50_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {ok} | {other or '-'} |")
PY
  ANSWERED=$((ANSWERED + $(python3 -c 'import json,sys; l=[l for l in open(sys.argv[1]) if l.startswith("WRKSTATUS ")][-1]; print(json.loads(l[10:])["by_status"].get("200",0))' "$OUT/$1.txt")))
}
ANSWERED=0
log "warm-up ${WARMUP}s"; run warm-up "$WARMUP"
log "database up"; run "database up" "$RUN_SECONDS"
pg_stop; log "database stopped"; run "database down" "$RUN_SECONDS"
pg_start; log "database started again"; run "database back" "$RUN_SECONDS"
for _ in $(seq 1 120); do
  waiting=$(curl -sf "http://127.0.0.1:$port/actuator/metrics/cds.audit.queue.waiting" | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["measurements"][0]["value"]))')
  [ "$waiting" -eq 0 ] && break; sleep 1
done
stored=$(pg_psql "SELECT COUNT(*) FROM decision")
metric() { curl -sf "http://127.0.0.1:$port/actuator/metrics/cds.audit.records?tag=outcome:$1" \
  | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["measurements"][0]["value"]))' 2>/dev/null || echo 0; }
{
  echo "| run (${CONNECTIONS} connections) | answers/s | p50 ms | p99 ms | 200 answers | other answers |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  cat "$OUT/rows.md"
  echo
  echo "200 answers in all runs: $ANSWERED; decisions stored: $stored; dropped: $(metric dropped); rejected: $(metric rejected)."
} | tee "$OUT/audit-outage.md"

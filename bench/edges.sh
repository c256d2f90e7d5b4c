#!/usr/bin/env bash
# Faults at the service's edges, measured against the running server (issue "Edges that hold"). One command:
#
#   bench/edges.sh                  # about 3 minutes; markdown table on stdout and in target/bench/edges-summary.md
#   FAULT_SECONDS=30 bench/edges.sh # each fault lasts longer (default 15 s)
#   FAULTS="fhir-huge" SERVER_OPTS="--cds.fhir-server.max-response-size=4MB" bench/edges.sh   # some faults, other settings
#
# Starts the service as the Dockerfile does (-Xmx256m, security off so that the faults reach the code behind
# authentication), then, one after another, applies each fault for FAULT_SECONDS while a probe asks every 0.5 s for
# GET /actuator/health and POST of the seed's vignette (complete prefetch) and records status and time of each:
#   baseline        nothing else happening
#   load-256        wrk, 256 connections posting the vignette; answers counted by status (only 200 and 503 with
#                   Retry-After are allowed)
#   slow-bodies     250 clients send a hook call's headers, then one body byte a second
#   fhir-huge       4 clients loop on hook calls without prefetch whose fhirServer answers every search with 50 MB
#   fhir-trickle    16 clients loop on hook calls whose fhirServer sends its answer one byte every 200 ms
#   feedback-2mb    8 clients loop on feedback with a 2 MB userComment
#   header-100kb    8 clients loop on calls with a 100 KB Authorization header
# and probes 3 more times after each fault. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

FAULT_SECONDS=${FAULT_SECONDS:-15}
FAULTS=${FAULTS:-baseline load-256 slow-bodies fhir-huge fhir-trickle feedback-2mb header-100kb}
SERVER_OPTS=${SERVER_OPTS:-}
HEAP=${HEAP:-256m}
SERVICE=jia-spine-followup-order-select
VIGNETTE=src/test/resources/scenarios/vignette-radiograph-order-select/request.json
OUT=target/bench
SUMMARY=$OUT/edges-summary.md

# shellcheck source=bench/common.sh
. bench/common.sh
EXIT_HOOKS+=('rm -f "$OUT/probing"')
. bench/prerequisites.sh
mkdir -p "$OUT"

PORT=$(free_port)
HUGE_PORT=$(free_port)
TRICKLE_PORT=$(free_port)
BASE=http://127.0.0.1:$PORT

# Inputs: hook calls without prefetch that send the service to a faulty FHIR server, and a 2 MB feedback comment.
python3 - "$VIGNETTE" "$OUT" "$HUGE_PORT" "$TRICKLE_PORT" <<'PY'
import json, sys
vignette, out, huge, trickle = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
request = json.load(open(vignette))
del request["prefetch"]
request["fhirAuthorization"] = {"access_token": "t", "token_type": "Bearer", "expires_in": 300, "scope": "user/*.read",
                                "subject": "cds"}
for name, port in (("huge", huge), ("trickle", trickle)):
    request["fhirServer"] = "http://127.0.0.1:%s/fhir" % port
    json.dump(request, open("%s/edges-fhir-%s.json" % (out, name), "w"))
json.dump({"feedback": [{"card": "c-1", "outcome": "overridden", "outcomeTimestamp": "2026-11-27T10:00:00Z",
                         "overrideReason": {"reason": {"code": "patient-refused"}, "userComment": "x" * 2_000_000}}]},
          open(out + "/edges-feedback-2mb.json", "w"))
PY
head -c 100000 /dev/zero | tr '\0' 'a' >"$OUT/edges-token-100kb.txt"

log "starting $JAR with -Xmx$HEAP on 127.0.0.1:$PORT"
# shellcheck disable=SC2086 # SERVER_OPTS: several options
java -Xmx"$HEAP" -Xlog:gc:file="$OUT/edges-gc.log":uptime -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" $SERVER_OPTS \
  >"$OUT/edges-server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
for i in $(seq 1 1200); do
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited (see $OUT/edges-server.log)"
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Content-Type: application/json' \
    --data-binary @"$VIGNETTE" "$BASE/cds-services/$SERVICE" || true)" = 200 ] && break
  sleep 0.1
done
python3 bench/faulty_peers.py fhir-huge "$HUGE_PORT" & PIDS+=($!)
python3 bench/faulty_peers.py fhir-trickle "$TRICKLE_PORT" & PIDS+=($!)
log "warming up (20 s of the vignette)"
WRK_BODY=$VIGNETTE wrk -t2 -c4 -d20s -s bench/wrk-status.lua "$BASE/cds-services/$SERVICE" >/dev/null 2>&1 || true

probe_once() { # probe_once <label> <phase>: one health and one hook call; appends "label phase code ms code ms"
  local health call
  health=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 "$BASE/actuator/health" || echo "000 5")
  call=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 5 -H 'Content-Type: application/json' \
    --data-binary @"$VIGNETTE" "$BASE/cds-services/$SERVICE" || echo "000 5")
  echo "$1 $2 $health $call" >>"$OUT/edges-probes.txt"
}
probe_loop() { while [ -f "$OUT/probing" ]; do probe_once "$1" during; sleep 0.5; done; }
clients() { # clients <n> <curl args...>: n loops of curl for FAULT_SECONDS; statuses to edges-clients.txt
  local n=$1 i workers=()
  shift
  for i in $(seq 1 "$n"); do
    (end=$((SECONDS + FAULT_SECONDS)); while [ $SECONDS -lt $end ]; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 "$@" || echo 000; done) &
    workers+=($!)
  done
  wait "${workers[@]}"
}
fault() { # fault <label> <command...>: only the faults named in FAULTS
  local label=$1 i
  shift
  [[ " $FAULTS " == *" $label "* ]] || return 0
  log "fault $label for ${FAULT_SECONDS} s"
  : >"$OUT/edges-clients.txt"
  touch "$OUT/probing"
  probe_loop "$label" &
  local prober=$!
  "$@" >>"$OUT/edges-clients.txt" 2>&1 || true
  rm -f "$OUT/probing"
  wait "$prober" 2>/dev/null || true
  sleep 1
  for i in 1 2 3; do probe_once "$label" after; sleep 0.5; done
  FAULT_CLIENTS[$label]=$(grep -h WRKSTATUS "$OUT/edges-clients.txt" | sed 's/WRKSTATUS //' || true)
  [ -n "${FAULT_CLIENTS[$label]}" ] || FAULT_CLIENTS[$label]=$(grep -E '^[0-9]{3}$' "$OUT/edges-clients.txt" | sort | uniq -c \
    | awk '{printf "%s%s: %s", sep, $2, $1; sep=", "}' || true)
}
declare -A FAULT_CLIENTS
: >"$OUT/edges-probes.txt"
POST=(-H 'Content-Type: application/json' -X POST)

fault baseline sleep "$FAULT_SECONDS"
fault load-256 env WRK_BODY="$VIGNETTE" wrk -t2 -c256 -d"${FAULT_SECONDS}s" --timeout 10s -s bench/wrk-status.lua \
  "$BASE/cds-services/$SERVICE"
fault slow-bodies python3 bench/faulty_peers.py slow-bodies "$PORT" 250 "$FAULT_SECONDS"
fault fhir-huge clients 4 "${POST[@]}" --data-binary @"$OUT/edges-fhir-huge.json" "$BASE/cds-services/$SERVICE"
fault fhir-trickle clients 16 "${POST[@]}" --data-binary @"$OUT/edges-fhir-trickle.json" "$BASE/cds-services/$SERVICE"
fault feedback-2mb clients 8 "${POST[@]}" --data-binary @"$OUT/edges-feedback-2mb.json" "$BASE/cds-services/$SERVICE/feedback"
fault header-100kb clients 8 -H "Authorization: Bearer $(cat "$OUT/edges-token-100kb.txt")" "$BASE/cds-services"

{
  echo "| fault (${FAULT_SECONDS} s) | probes during: health ok, max ms | hook call ok, max ms | after: all ok, max ms | the faulty clients' answers |"
  echo "| --- | --- | --- | --- | --- |"
  for label in $FAULTS; do
    awk -v l="$label" -v clients="${FAULT_CLIENTS[$label]:-}" '
      $1 == l && $2 == "during" { n++; if ($3 == 200) h++; if ($5 == 200) c++;
        if ($4 * 1000 > hm) hm = $4 * 1000; if ($6 * 1000 > cm) cm = $6 * 1000 }
      $1 == l && $2 == "after" { a++; if ($3 == 200 && $5 == 200) ao++; m = ($4 > $6 ? $4 : $6) * 1000; if (m > am) am = m }
      END { printf "| %s | %d/%d, %.0f | %d/%d, %.0f | %d/%d, %.0f | %s |\n", l, h, n, hm, c, n, cm, ao, a, am, clients }' \
      "$OUT/edges-probes.txt"
  done
  echo
  echo "Server: $(basename "$JAR"), -Xmx$HEAP $SERVER_OPTS; OutOfMemoryError in its log: $(grep -c OutOfMemoryError "$OUT/edges-server.log" || true);" \
    "RSS at the end: $(( $(awk '/VmRSS/ {print $2}' /proc/$SERVER_PID/status) / 1024 )) MiB."
} | tee "$SUMMARY"

#!/usr/bin/env bash
# HTTP load benchmark of the CDS Hooks service (GitHub issue "Speed, memory and scale"). One command, from anywhere:
#
#   bench/load.sh                    # about 9 minutes; markdown summary on stdout and in target/bench/load-summary.md
#   DURATION=60 bench/load.sh        # longer measurement runs (seconds, default 20)
#
# What it does, all on 127.0.0.1 (every process it starts is stopped on exit):
#   1. builds target/acr-cds-hooks-*.jar if missing (./mvnw -B -q -DskipTests package; REBUILD=1 forces it),
#      installs wrk with apt-get if missing, generates the inputs (bench/gen_records.py, bench/gen_corpus.py ->
#      target/bench/);
#   2. starts WireMock standalone (the jar from ~/.m2) as the EHR's FHIR server: the vignette's record, every
#      answer delayed 50 ms;
#   3. measures the time from JVM start to the first successful POST of the vignette, once for the executable jar
#      and once extracted, with a class data sharing archive recorded by a training run, on the default java (17;
#      the container runs Java 25 with an AOT cache: bench/jdk-ab.sh compares the two), then keeps the latter running with -Xmx256m (GC log in target/bench/gc.log);
#   4. warms up, then runs wrk (8 connections, 2 threads, DURATION seconds, --latency) against
#      (a) GET /cds-services (discovery), (b) POST the vignette to jia-spine-followup-order-select (and once more
#      with 1 connection: the latency of one call without queueing), (b') the varied corpus: CORPUS different
#      patients and orders over both hooks (bench/gen_corpus.py), each call with its own hookInstance, so that no
#      cache of any kind could serve it; its calls are first posted once each and their answers counted
#      (bench/corpus_spread.py -> target/bench/corpus-spread.md: every answer must be 200),
#      (d) the vignette without prefetch, every key fetched from WireMock (1 connection: the latency of one call,
#      then 8 connections), (c) the same hook with prefetch records of 10/100/1,000/10,000 resources (last);
#      each POST input is checked once first (200, the vignette's warning card and one rating);
#   5. reports throughput, p50/p90/p99/max latency, errors, ratio to discovery, GCs per run, the CPU used by other
#      processes during each run, and heap used (actuator jvm.memory.used area:heap), RSS (ps), GC totals (actuator
#      jvm.gc.pause) and the live heap after a full GC (jcmd GC.run), once after the runs up to 1,000 resources and
#      once after all runs, when the server is idle again.
#
# Environment: DURATION (s, default 20), WARMUP (s, default 60: the JIT compiler is busy for about a minute),
# CONNECTIONS (8), THREADS (2), HEAP (256m), SIZES (10,100,1000,10000), FHIR_DELAY_MS (50), CORPUS (1000). The 10,000-resource
# request is 5.6 MB, above the default cds.max-request-size of 4MB: the server runs with --cds.max-request-size=16MB
# and --cds.concurrency.queue-timeout=30s (see docs/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-60}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
HEAP=${HEAP:-256m}
SIZES=${SIZES:-10,100,1000,10000}
CORPUS=${CORPUS:-1000}
FHIR_DELAY_MS=${FHIR_DELAY_MS:-50}
SERVICE=jia-spine-followup-order-select
VIGNETTE=src/test/resources/scenarios/vignette-radiograph-order-select/request.json
WIREMOCK_JAR=${WIREMOCK_JAR:-$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.2/wiremock-standalone-3.13.2.jar}
OUT=target/bench
RESULTS=$OUT/results.jsonl
MEMORY=$OUT/memory.jsonl

# shellcheck source=bench/common.sh
. bench/common.sh

# ---------- 1. prerequisites ----------
. bench/prerequisites.sh
[ -f "$WIREMOCK_JAR" ] || die "$WIREMOCK_JAR missing (./mvnw dependency:resolve downloads it: test scope)"
mkdir -p "$OUT"
rm -f "$RESULTS" "$MEMORY" "$OUT"/wrk-*.txt "$OUT/gc.log"

WM_PORT=$(free_port)
python3 bench/gen_records.py --out "$OUT" --sizes "$SIZES" --fhir-port "$WM_PORT" --fhir-delay-ms "$FHIR_DELAY_MS" >&2
python3 bench/gen_corpus.py --out "$OUT" --count "$CORPUS" >&2
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------- 2. the EHR's FHIR server ----------
log "starting WireMock on 127.0.0.1:$WM_PORT (${FHIR_DELAY_MS} ms per answer)"
java -Xmx256m -jar "$WIREMOCK_JAR" --bind-address 127.0.0.1 --port "$WM_PORT" --root-dir "$OUT/wiremock" \
  --no-request-journal --disable-request-logging --disable-banner --container-threads 100 \
  --async-response-enabled true --async-response-threads 50 >"$OUT/wiremock.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$WM_PORT/__admin/mappings" 60 "$!" || die "WireMock did not start in 60 s (see $OUT/wiremock.log)"

# ---------- 3. the service: JVM start to first successful answer ----------
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
# Larger limits than the defaults, for the 10,000-resource records only: 16MB bodies, and a queue timeout long enough
# for 8 such calls that can only run two at a time within the default body budget (a sixteenth of 256 MB).
# The benchmark reads heap and GC figures from /actuator/metrics, which the service does not expose by default.
SERVER_ARGS=(--server.address=127.0.0.1 --server.port="$PORT" --cds.max-request-size=16MB --cds.concurrency.queue-timeout=30s
  --management.endpoints.web.exposure.include=health,metrics)

first_answer() { # first_answer <log> <java args...>: starts the server, sets SERVER_PID and FIRST_ANSWER_MS
  local log_file=$1 started
  shift
  started=$(now_ms)
  java "$@" "${SERVER_ARGS[@]}" >"$log_file" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  FIRST_ANSWER_MS=$(ms_to_first_answer "$started" "$SERVER_PID" "$BASE/cds-services/$SERVICE" "$VIGNETTE" || true)
  [ -n "$FIRST_ANSWER_MS" ] || die "no successful answer within the polling budget (see $log_file)"
}
spring_started() { grep -o 'Started AcrCdsApplication in [0-9.]* seconds (process running for [0-9.]*)' "$1" | head -1 || true; }

# (a) the executable jar as built, for comparison
log "starting $JAR with -Xmx$HEAP on 127.0.0.1:$PORT"
first_answer "$OUT/server-jar.log" -Xmx"$HEAP" -jar "$JAR"
JAR_FIRST_ANSWER_MS=$FIRST_ANSWER_MS
JAR_SPRING_STARTED=$(spring_started "$OUT/server-jar.log")
log "executable jar: first successful answer ${JAR_FIRST_ANSWER_MS} ms after JVM start ($JAR_SPRING_STARTED)"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true

# (b) as every run below uses it: the jar extracted, with a class data sharing archive recorded by a training run
# (Spring Boot's documented CDS setup; the Dockerfile's until it moved to Java 25 and an AOT cache, see bench/jdk-ab.sh)
app_with_cds_archive "$OUT/app"
log "starting $APP_JAR with -Xmx$HEAP and the CDS archive on 127.0.0.1:$PORT"
first_answer "$OUT/server.log" -Xmx"$HEAP" -XX:SharedArchiveFile="$CDS_ARCHIVE" -Xlog:gc:file="$OUT/gc.log":uptime -jar "$APP_JAR"
SPRING_STARTED=$(spring_started "$OUT/server.log")
log "extracted jar with CDS: first successful answer ${FIRST_ANSWER_MS} ms after JVM start ($SPRING_STARTED)"

# ---------- helpers ----------
metric() { # metric <name> [tag] [statistic]: one value from /actuator/metrics; 0 when absent (404), "" when no answer
  local body code
  body=$(curl -s --max-time 10 -w '\n%{http_code}' "$BASE/actuator/metrics/$1${2:+?tag=$2}" 2>/dev/null || true)
  code=${body##*$'\n'}
  if [ "$code" = 404 ]; then echo 0; return; fi
  [ "$code" = 200 ] || { echo ""; return; }
  printf '%s' "${body%$'\n'*}" | python3 -c '
import json, sys
try:
    m = {x["statistic"]: x["value"] for x in json.load(sys.stdin)["measurements"]}
    print(m.get(sys.argv[1], 0))
except Exception:
    print("")' "${3:-VALUE}"
}
minor_gcs() { metric jvm.gc.pause 'action:end%20of%20minor%20GC' COUNT; }
major_gcs() { metric jvm.gc.pause 'action:end%20of%20major%20GC' COUNT; }

check_answer() { # check_answer <body file>: the vignette's answer (one warning card, one rating)?
  curl -s --max-time 30 -X POST -H 'Content-Type: application/json' --data-binary @"$1" \
    "$BASE/cds-services/$SERVICE" -w '\n%{http_code}' | python3 -c '
import json, sys
lines = sys.stdin.read().rsplit("\n", 1)
try:
    body = json.loads(lines[0])
    ok = lines[1] == "200" and [c["indicator"] for c in body["cards"]] == ["warning"] and len(body["systemActions"]) == 1
except Exception:
    ok = False
print("ok" if ok else "WRONG ANSWER (HTTP " + lines[-1] + ")")'
}

run_wrk() { # run_wrk <label> <description> <path> <body file, corpus .tsv or ""> <seconds> <connections> <threads> <warmup seconds>
  local label=$1 description=$2 path=$3 body=$4 seconds=$5 conns=$6 threads=$7 warm=$8 check=n/a bytes=0
  local script=bench/wrk-report.lua
  if [[ "$body" == *.tsv ]]; then # a corpus: each call once first, answers counted; then wrk-corpus.lua
    script=bench/wrk-corpus.lua
    check=$(python3 bench/corpus_spread.py "$BASE" "$body" --out "$OUT/corpus-spread.md" | cut -d: -f1 || true)
    bytes=$(awk -F'\t' '{ n += length($2) } END { printf "%d", n / NR }' "$body")
  elif [ -n "$body" ]; then check=$(check_answer "$body"); bytes=$(stat -c %s "$body"); fi
  export WRK_BODY="$body" WRK_CORPUS="$body"
  if [ "$warm" -gt 0 ]; then
    timeout $((warm + 60)) wrk -t"$threads" -c"$conns" -d"${warm}s" --timeout 30s \
      -s "$script" "$BASE$path" >"$OUT/wrk-$label-warmup.txt" 2>&1 || true
  fi
  local minor0 major0 minor1 major1 foreign
  minor0=$(minor_gcs); major0=$(major_gcs)
  log "wrk $label: $description ($conns connections, ${seconds} s)"
  cpu_mark
  timeout $((seconds + 60)) wrk -t"$threads" -c"$conns" -d"${seconds}s" --timeout 30s --latency \
    -s "$script" "$BASE$path" >"$OUT/wrk-$label.txt" 2>&1 || true
  foreign=$(other_cpu) # CPU share (of all cores) used by other processes during the run
  minor1=$(minor_gcs); major1=$(major_gcs)
  local stats
  stats=$(grep '^WRKJSON ' "$OUT/wrk-$label.txt" | sed 's/^WRKJSON //' || true)
  [ -n "$stats" ] || stats='{}'
  python3 -c '
import json, sys
stats = json.loads(sys.argv[1])
stats.update(label=sys.argv[2], description=sys.argv[3], check=sys.argv[4], body_bytes=int(sys.argv[5]),
             connections=int(sys.argv[6]), foreign_cpu=float(sys.argv[11]))
def delta(before, after):  # None when the server did not answer the metrics request
    return float(after) - float(before) if before and after else None
stats.update(minor_gcs=delta(sys.argv[7], sys.argv[8]), major_gcs=delta(sys.argv[9], sys.argv[10]))
print(json.dumps(stats))' "$stats" "$label" "$description" "$check" "$bytes" "$conns" \
    "$minor0" "$minor1" "$major0" "$major1" "$foreign" >>"$RESULTS"
}

memory_snapshot() { # memory_snapshot <label>: heap, RSS and GC totals, then the live heap after a full GC
  local used committed max nonheap rss minor major minor_s major_s live
  used=$(metric jvm.memory.used 'area:heap'); committed=$(metric jvm.memory.committed 'area:heap')
  max=$(metric jvm.memory.max 'area:heap'); nonheap=$(metric jvm.memory.used 'area:nonheap')
  rss=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
  minor=$(minor_gcs); major=$(major_gcs)
  minor_s=$(metric jvm.gc.pause 'action:end%20of%20minor%20GC' TOTAL_TIME)
  major_s=$(metric jvm.gc.pause 'action:end%20of%20major%20GC' TOTAL_TIME)
  jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
  sleep 1
  live=$(metric jvm.memory.used 'area:heap')
  python3 -c 'import json, sys; k = ["label", "heap_used", "heap_committed", "heap_max", "nonheap_used", "rss_kb",
    "young_gcs", "full_gcs", "young_gc_s", "full_gc_s", "heap_live"]
print(json.dumps(dict(zip(k, [sys.argv[1]] + [float(v) if v else None for v in sys.argv[2:]]))))' "$1" "$used" "$committed" "$max" \
    "$nonheap" "$rss" "$minor" "$major" "$minor_s" "$major_s" "$live" >>"$MEMORY"
}

wait_idle() { # until the server has used under 10 % of a core for 2 s in a row (in-flight requests done), at most 120 s
  local i before after quiet=0
  for i in $(seq 1 120); do
    before=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"); sleep 1; after=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
    if [ $((after - before)) -le 10 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ "$quiet" -ge 2 ] && return 0
  done
  log "the server did not become idle within 120 s"
}

# ---------- 4. load ----------
log "warming up (${WARMUP} s vignette, 5 s discovery)"
WRK_BODY="$VIGNETTE" timeout $((WARMUP + 60)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s \
  -s bench/wrk-report.lua "$BASE/cds-services/$SERVICE" >"$OUT/wrk-warmup.txt" 2>&1 || true

run_wrk discovery "GET /cds-services" /cds-services "" "$DURATION" "$CONNECTIONS" "$THREADS" 5
run_wrk vignette "POST vignette (3 resources in prefetch)" "/cds-services/$SERVICE" "$VIGNETTE" \
  "$DURATION" "$CONNECTIONS" "$THREADS" 0
run_wrk corpus "POST varied corpus ($CORPUS patients and orders, both hooks)" / "$OUT/corpus.tsv" \
  "$DURATION" "$CONNECTIONS" "$THREADS" 5
run_wrk vignette-c1 "POST vignette, one call at a time" "/cds-services/$SERVICE" "$VIGNETTE" "$DURATION" 1 1 0
run_wrk fallback-c1 "POST without prefetch, 5 keys from FHIR server (${FHIR_DELAY_MS} ms), one call at a time" \
  "/cds-services/$SERVICE" "$OUT/fallback.json" "$DURATION" 1 1 5
run_wrk fallback-c$CONNECTIONS "POST without prefetch, 5 keys from FHIR server (${FHIR_DELAY_MS} ms)" \
  "/cds-services/$SERVICE" "$OUT/fallback.json" "$DURATION" "$CONNECTIONS" "$THREADS" 0
# largest last: a record that does not fit the heap must not spoil the other runs
SNAPSHOT_TAKEN=
for n in ${SIZES//,/ }; do
  if [ "$n" -gt 1000 ] && [ -z "$SNAPSHOT_TAKEN" ]; then
    memory_snapshot "after the runs up to 1,000 resources"; SNAPSHOT_TAKEN=1
  fi
  run_wrk "record-$n" "POST vignette, $n resources in prefetch" "/cds-services/$SERVICE" "$OUT/record-$n.json" \
    "$DURATION" "$CONNECTIONS" "$THREADS" 5
done

# ---------- 5. memory and GC after the load ----------
[ -n "$SNAPSHOT_TAKEN" ] || memory_snapshot "after the runs up to 1,000 resources"
wait_idle
memory_snapshot "after all runs"
OOM=$(grep -c 'OutOfMemoryError' "$OUT/server.log" || true)
SERVER_ERRORS=$(grep -c ' ERROR ' "$OUT/server.log" || true)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------- summary ----------
export CORPUS RESULTS MEMORY FIRST_ANSWER_MS SPRING_STARTED JAR_FIRST_ANSWER_MS JAR_SPRING_STARTED APP_JAR HEAP JAR THREADS CONNECTIONS DURATION FHIR_DELAY_MS LOAD_BEFORE \
  LOAD_AFTER OOM SERVER_ERRORS
export MACHINE="$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
python3 - <<'PY' | tee "$OUT/load-summary.md"
import json, os
E = os.environ
rows = [json.loads(line) for line in open(E["RESULTS"])]
by = {r["label"]: r for r in rows}
def rps(r): return r["requests"] / (r["duration_us"] / 1e6) if r.get("duration_us") else 0.0
def errors(r): return sum(r.get(k, 0) for k in ("connect", "read", "write", "status", "timeout")) if "requests" in r else -1
def ms(us): return f"{us / 1000:.2f}"
def not_200(r): return sum(n for status, n in r.get("by_status", {}).items() if status != "200")
def n(v, fmt="{:.0f}"): return "n/a" if v is None else fmt.format(v)
def verdict(ok): return "**met**" if ok else "**missed**"
def measured(r): return bool(r) and r.get("requests", 0) > 0
disc = rps(by["discovery"]) if "discovery" in by else 0.0
first_ms = int(E["FIRST_ANSWER_MS"])

print("## bench/load.sh results\n")
print(f"- machine: {E['MACHINE']}; load average (1/5/15 min) before {E['LOAD_BEFORE']}, after {E['LOAD_AFTER']}")
print(f"- server: `java -Xmx{E['HEAP']} -XX:SharedArchiveFile=... -jar {E['APP_JAR']} --cds.max-request-size=16MB "
      f"--cds.concurrency.queue-timeout=30s` "
      f"(the jar extracted, with a CDS archive, on the default java) on 127.0.0.1; wrk {E['THREADS']} threads, "
      f"{E['CONNECTIONS']} connections, {E['DURATION']} s per run after warm-up; FHIR server: WireMock, "
      f"{E['FHIR_DELAY_MS']} ms per answer")
print(f"- JVM start to first successful POST answer: **{first_ms} ms** ({E['SPRING_STARTED']}); "
      f"the executable jar without CDS: {E['JAR_FIRST_ANSWER_MS']} ms ({E['JAR_SPRING_STARTED']})\n")
print("| run | request | conns | req/s | ratio to discovery | p50 ms | p90 ms | p99 ms | max ms | errors | young / full GCs | answer | other load |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
for r in rows:
    if "requests" not in r:
        print(f"| {r['description']} | | {r['connections']} | wrk failed | | | | | | | | {r['check']} | {r['foreign_cpu']:.0%} |")
        continue
    size = f"{r['body_bytes'] / 1024:,.0f} KiB" if r["body_bytes"] else "GET"
    ratio = f"{rps(r) / disc:.0%}" if disc and r["label"] != "discovery" else ""
    print(f"| {r['description']} | {size} | {r['connections']} | {rps(r):,.0f} | {ratio} | {ms(r['p50'])} | {ms(r['p90'])} | "
          f"{ms(r['p99'])} | {ms(r['max'])} | {errors(r)} | {n(r['minor_gcs'])} / {n(r['major_gcs'])} | {r['check']} | "
          f"{r['foreign_cpu']:.0%} |")
print("\n*other load*: CPU share of all cores used by processes other than this benchmark (server, WireMock, wrk) during the run.")
c, v = by.get("corpus", {}), by.get("vignette", {})
if measured(c) and measured(v):
    print(f"\n**Varied corpus against the vignette alone** ({c['connections']} connections): {rps(c):,.0f} against "
          f"{rps(v):,.0f} req/s, p50 {ms(c['p50'])} against {ms(v['p50'])} ms, p99 {ms(c['p99'])} against "
          f"{ms(v['p99'])} ms; answers not 200 in the corpus run: {not_200(c)}.\n")
if c:
    for name in ("corpus-inputs.md", "corpus-spread.md"):
        path = os.path.join(os.path.dirname(E["RESULTS"]), name)
        if os.path.exists(path):
            print(open(path).read())

def m(v): return "n/a" if v is None else f"{v / 2**20:.0f}"
print("\n| memory (-Xmx" + E["HEAP"] + ") | heap used | heap committed / max | live heap after full GC | non-heap | RSS | GC pauses so far (jvm.gc.pause) |")
print("|---|---:|---:|---:|---:|---:|---|")
for s in (json.loads(line) for line in open(E["MEMORY"])):
    print(f"| {s['label']} | {m(s['heap_used'])} MiB | {m(s['heap_committed'])} / {m(s['heap_max'])} MiB | {m(s['heap_live'])} MiB | "
          f"{m(s['nonheap_used'])} MiB | {n(s['rss_kb'] and s['rss_kb'] / 1024)} MiB | {n(s['young_gcs'])} young "
          f"({n(s['young_gc_s'], '{:.2f}')} s), {n(s['full_gcs'])} full ({n(s['full_gc_s'], '{:.2f}')} s) |")
print(f"\nOutOfMemoryError in the server log: {E['OOM']}; ERROR lines: {E['SERVER_ERRORS']} (see target/bench/server.log, gc.log).\n")

v, r1000, fb = by.get("vignette", {}), by.get("record-1000", {}), by.get("fallback-c1", {})
def big(r): return r["label"].startswith("record-") and int(r["label"].split("-")[1]) > 1000
standard = [r for r in rows if not big(r)]
def err_total(rs): return sum(max(errors(r), 0) for r in rs) + sum(1 for r in rs if errors(r) < 0)
def full_total(rs): return sum(r.get("major_gcs") or 0 for r in rs)
print("| target | measured | |")
print("|---|---|---|")
if v:
    print(f"| vignette p50 <= 2 ms | {ms(v.get('p50', 0))} ms | {verdict(measured(v) and v['p50'] <= 2000)} |")
    print(f"| vignette p99 <= 10 ms | {ms(v.get('p99', 0))} ms | {verdict(measured(v) and v['p99'] <= 10000)} |")
    print(f"| vignette: zero errors, right answer | {errors(v)} errors, answer {v['check']} | {verdict(measured(v) and errors(v) == 0 and v['check'] == 'ok')} |")
    print(f"| vignette throughput >= 35 % of discovery | {rps(v):,.0f} / {disc:,.0f} req/s = {rps(v) / disc if disc else 0:.0%} | "
          f"{verdict(disc > 0 and rps(v) / disc >= 0.35)} |")
if c:
    print(f"| varied corpus ({E['CORPUS']} patients and orders): every answer 200 | {not_200(c)} not 200, {errors(c)} errors; "
          f"each call once first: {c['check']} | {verdict(measured(c) and not_200(c) == 0 and errors(c) == 0 and c['check'] == 'ok')} |")
if r1000:
    print(f"| 1,000-resource record p50 <= 20 ms | {ms(r1000.get('p50', 0))} ms ({r1000.get('requests', 0)} requests) | "
          f"{verdict(measured(r1000) and r1000['p50'] <= 20000)} |")
print(f"| JVM start to first answer <= 6 s | {first_ms / 1000:.2f} s (executable jar without CDS: "
      f"{int(E['JAR_FIRST_ANSWER_MS']) / 1000:.2f} s) | {verdict(first_ms <= 6000)} |")
print(f"| -Xmx{E['HEAP']}: no errors, no full-GC storm (runs up to 1,000 resources) | {err_total(standard)} errors, "
      f"{full_total(standard):.0f} full GCs | {verdict(err_total(standard) == 0 and full_total(standard) == 0)} |")
if len(standard) < len(rows):
    print(f"| -Xmx{E['HEAP']}: no errors, no full-GC storm (all runs, with records over 1,000 resources) | {err_total(rows)} errors, "
          f"{full_total(rows):.0f} full GCs, {E['OOM']} OutOfMemoryError in the log | "
          f"{verdict(err_total(rows) == 0 and full_total(rows) == 0 and int(E['OOM']) == 0)} |")
if fb:
    print(f"| no prefetch, all 5 keys from the FHIR server ({E['FHIR_DELAY_MS']} ms each): a call < 150 ms (1 connection) | "
          f"p50 {ms(fb.get('p50', 0))} ms, p99 {ms(fb.get('p99', 0))} ms, max {ms(fb.get('max', 0))} ms | "
          f"{verdict(measured(fb) and fb['p99'] < 150000 and errors(fb) == 0 and fb['check'] == 'ok')} |")
PY

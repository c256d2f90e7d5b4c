#!/usr/bin/env bash
# Java 17 against Java 25 as the container runs the service, in interleaved A/B rounds (single runs on these machines
# differ by 50 %: only rounds that alternate the configurations are comparable). From the repository root:
#
#   bench/wait-quiet.sh && bench/jdk-ab.sh        # about 9 minutes; markdown on stdout and in target/bench/jdk-ab.md
#   CONFIGS="25:serial 25:g1 25:g1:-XX:GCTimeRatio=4" bench/jdk-ab.sh
#       # other configurations: <java feature version>:<serial|g1>[:<further JVM options, comma-separated>]
#
# Each configuration runs the jar extracted (in a folder named without colons: a colon splits a class path), with
# -Xmx256m and the memory view of the Kubernetes limit (768 MiB:
# -XX:MaxRAM=768m, so the initial heap is sized as in the pod). Java 17 uses a class data sharing archive recorded by a
# training run that stops after the context refresh (the Dockerfile until Java 25); Java 25 uses the AOT cache that
# src/main/docker/train-aot-cache.sh records, exactly as the Dockerfile does. Per round and configuration:
#   - start to first answer: JVM start to the first 200 of the vignette (polled every 50 ms);
#   - WARMUP s of load, then DURATION s measured with wrk (8 connections): throughput and p50/p99; the load is the
#     vignette, or with LOAD=corpus the 1,000 varied calls of bench/gen_corpus.py (as bench/load.sh sends them);
#   - the CPU the process used until that answer, and how much of it the JIT compiler threads used;
#   - RSS after the load (ps), split into anonymous memory and mapped files (/proc/<pid>/status);
#   - with NMT=1, the JVM's own account of that memory (-XX:NativeMemoryTracking=summary, committed MB by category).
# Environment: ROUNDS (3), WARMUP (30 s), DURATION (20 s), CONFIGS ("17:g1 25:g1", the collector the Dockerfile sets),
# LOAD (vignette), NMT (0), JAVA_17, JAVA_25.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-20}
CONFIGS=${CONFIGS:-17:g1 25:g1}
JAVA_17=${JAVA_17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
JAVA_25=${JAVA_25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
SERVICE=jia-spine-followup-order-select
VIGNETTE=src/test/resources/scenarios/vignette-radiograph-order-select/request.json
OUT=$PWD/target/bench/jdk-ab
RESULTS=$OUT/results.jsonl
HEAP_OPTIONS=(-Xmx256m -XX:MaxRAM=768m)
NMT=${NMT:-0}
LOAD=${LOAD:-vignette}

# shellcheck source=bench/common.sh
. bench/common.sh
SERVER_PID=
EXIT_HOOKS+=('[ -z "$SERVER_PID" ] || stop_pids "$SERVER_PID"')

. bench/prerequisites.sh
rm -rf "$OUT" && mkdir -p "$OUT"
JAR=$(realpath "$JAR")
case $LOAD in
  vignette) LOAD_SCRIPT=bench/wrk-report.lua ;;
  corpus) LOAD_SCRIPT=bench/wrk-corpus.lua; python3 bench/gen_corpus.py --out "$OUT" --count 1000 >&2 ;;
  *) die "LOAD is vignette or corpus, not $LOAD" ;;
esac
export WRK_BODY="$VIGNETTE" WRK_CORPUS="$OUT/corpus.tsv"

cpu_so_far() { # cpu_so_far <pid>: "<CPU seconds of the process> <of which the JIT compiler threads>"
  python3 - "$1" <<'PY'
import glob, os, sys
tick = os.sysconf("SC_CLK_TCK")
def cpu(stat): # utime + stime: fields 14 and 15, counted after the parenthesised name
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick
total = cpu(open(f"/proc/{sys.argv[1]}/stat").read())
jit = sum(cpu(open(task + "/stat").read()) for task in glob.glob(f"/proc/{sys.argv[1]}/task/*")
          if open(task + "/comm").read().startswith(("C1 Compiler", "C2 Compiler")))
print(f"{total:.2f} {jit:.2f}")
PY
}
java_of() { case $1 in 17) echo "$JAVA_17" ;; 25) echo "$JAVA_25" ;; *) die "no Java $1 configured" ;; esac; }
# A configuration is <java feature version>:<serial|g1>[:<further JVM options, comma-separated>].
folder_of() { local name=${1//:/-}; echo "$OUT/${name//,/_}"; }
jvm_options() { # jvm_options <config>: the collector's option and the further ones, one a line
  local rest=${1#*:} gc extra=""
  gc=${rest%%:*}
  [ "$rest" = "$gc" ] || extra=${rest#*:}
  case $gc in serial) echo -XX:+UseSerialGC ;; g1) echo -XX:+UseG1GC ;; *) die "unknown GC $gc" ;; esac
  [ -z "$extra" ] || tr ',' '\n' <<<"$extra"
}
archive_option() { # archive_option <config>: how the configuration reads the archive its training run recorded
  case ${1%%:*} in 17) echo "-XX:SharedArchiveFile=$(folder_of "$1")/app.jsa" ;; *) echo "-XX:AOTCache=$(folder_of "$1")/app.aot" ;; esac
}

train() { # train <config>: extract the jar and record its archive, as the Dockerfile does
  local config=$1 dir java options
  dir=$(folder_of "$config"); java=$(java_of "${config%%:*}"); mapfile -t options < <(jvm_options "$config")
  mkdir -p "$dir"
  log "training run for $config"
  if [ "${config%%:*}" = 17 ]; then
    extract_app "$dir/app" "$java"
    "$java" "${HEAP_OPTIONS[@]}" "${options[@]}" -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh \
      -jar "$APP_JAR" --server.port=0 --cds.data-directory="$dir/training-data" \
      >"$dir/training.log" 2>&1 || die "training run failed (see $dir/training.log)"
    rm -rf "$dir/training-data"
  else
    app_with_aot_cache "$dir" "$java" "${HEAP_OPTIONS[@]}" "${options[@]}"
  fi
}

measure() { # measure <config> <round>: one start, load and memory reading; appends a JSON line to $RESULTS
  local config=$1 round=$2 dir port base started first cpu java options
  dir=$(folder_of "$config"); java=$(java_of "${config%%:*}"); mapfile -t options < <(jvm_options "$config")
  [ "$NMT" = 0 ] || options+=(-XX:NativeMemoryTracking=summary)
  port=$(free_port); base=http://127.0.0.1:$port
  rm -rf "$dir/data"
  started=$(now_ms)
  "$java" "${HEAP_OPTIONS[@]}" "${options[@]}" "$(archive_option "$config")" -jar "$dir/app/$(basename "$JAR")" \
    --server.address=127.0.0.1 --server.port="$port" --cds.data-directory="$dir/data" >"$dir/server-$round.log" 2>&1 &
  SERVER_PID=$!
  first=$(ms_to_first_answer "$started" "$SERVER_PID" "$base/cds-services/$SERVICE" "$VIGNETTE" || true)
  [ -n "$first" ] || die "no answer from $config (see $dir/server-$round.log)"
  cpu=$(cpu_so_far "$SERVER_PID")
  grep -q 'Unable to use\|AOT cache.*disabled\|Unable to map' "$dir/server-$round.log" \
    && die "$config did not use its archive (see $dir/server-$round.log)"
  wrk -t2 -c8 -d"${WARMUP}s" --timeout 30s -s "$LOAD_SCRIPT" "$base/cds-services/$SERVICE" >"$dir/wrk-$round-warmup.txt" 2>&1
  wrk -t2 -c8 -d"${DURATION}s" --timeout 30s --latency -s "$LOAD_SCRIPT" "$base/cds-services/$SERVICE" >"$dir/wrk-$round.txt" 2>&1
  if [ "$NMT" = 0 ]; then : >"$dir/nmt-$round.txt"
  else "$(dirname "$java")/jcmd" "$SERVER_PID" VM.native_memory summary >"$dir/nmt-$round.txt"; fi
  python3 - "$config" "$round" "$first" "$(ps -o rss= -p "$SERVER_PID")" "/proc/$SERVER_PID/status" \
    "$dir/wrk-$round.txt" "$(cut -d' ' -f1 /proc/loadavg)" "$cpu" "$dir/nmt-$round.txt" >>"$RESULTS" <<'PY'
import json, re, sys
config, rnd, first, rss, status_file, wrk_file, load, cpu, nmt_file = sys.argv[1:]
status = dict(re.findall(r"^(\w+):\s+(\d+) kB", open(status_file).read(), re.M))
# NMT summary lines: "-                 Java Heap (reserved=262144KB, committed=143360KB)"
nmt = {name.strip(): int(kb) / 1024
       for name, kb in re.findall(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB", open(nmt_file).read(), re.M)}
cpu_s, jit_s = map(float, cpu.split())
wrk = json.loads(next(l for l in open(wrk_file) if l.startswith("WRKJSON "))[8:])
errors = sum(wrk[k] for k in ("connect", "read", "write", "status", "timeout"))
print(json.dumps(dict(config=config, round=int(rnd), first_answer_ms=int(first), rss_mb=int(rss) / 1024,
    rss_anon_mb=int(status["RssAnon"]) / 1024, rss_file_mb=int(status["RssFile"]) / 1024,
    throughput=wrk["requests"] / (wrk["duration_us"] / 1e6), p50_ms=wrk["p50"] / 1000, p99_ms=wrk["p99"] / 1000,
    errors=errors, load_before=float(load), cpu_to_first_s=cpu_s, jit_to_first_s=jit_s, nmt_mb=nmt)))
PY
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  log "$config round $round: $(tail -1 "$RESULTS")"
}

read -r -a configs <<<"$CONFIGS"
for config in "${configs[@]}"; do train "$config"; done
for round in $(seq 1 "$ROUNDS"); do
  # ABAB... then BABA...: each configuration goes first in every other round
  if [ $((round % 2)) = 1 ]; then order=("${configs[@]}"); else order=($(printf '%s\n' "${configs[@]}" | tac)); fi
  for config in "${order[@]}"; do measure "$config" "$round"; done
done

python3 - "$RESULTS" "$(git rev-parse --short HEAD)" "$LOAD" <<'PY' | tee "$OUT/../jdk-ab.md"
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
configs = list(dict.fromkeys(r["config"] for r in rows))
cols = [("first_answer_ms", "start to first answer (ms)", "{:.0f}"), ("cpu_to_first_s", "CPU until then (s)", "{:.1f}"),
        ("jit_to_first_s", "of which JIT (s)", "{:.1f}"), ("throughput", "req/s", "{:.0f}"),
        ("p50_ms", "p50 (ms)", "{:.1f}"), ("p99_ms", "p99 (ms)", "{:.1f}"), ("rss_mb", "RSS (MB)", "{:.0f}"),
        ("rss_anon_mb", "anonymous (MB)", "{:.0f}"), ("rss_file_mb", "mapped files (MB)", "{:.0f}")]
print(f"Commit {sys.argv[2]}; {sys.argv[3]} load; {max(r['round'] for r in rows)} interleaved rounds; medians, with every round's value in brackets.\n")
print("| configuration | " + " | ".join(c[1] for c in cols) + " | errors |")
print("|---" * (len(cols) + 2) + "|")
for config in configs:
    mine = sorted((r for r in rows if r["config"] == config), key=lambda r: r["round"])
    cells = [fmt.format(statistics.median(r[k] for r in mine)) + " (" + ", ".join(fmt.format(r[k]) for r in mine) + ")"
             for k, _, fmt in cols]
    print(f"| Java {', '.join(config.split(':', 2))} | " + " | ".join(cells) + f" | {sum(r['errors'] for r in mine)} |")
categories = [c for c in ("Java Heap", "Shared class space", "Class", "Metaspace", "Code", "GC", "Compiler",
                            "Arena Chunk", "Thread", "Symbol") if any(c in r["nmt_mb"] for r in rows)]
if categories:
    print("\nCommitted memory by the JVM's account (NMT summary after the load; medians, MB):\n")
    print("| configuration | " + " | ".join(categories) + " | other | total |")
    print("|---" * (len(categories) + 3) + "|")
    for config in configs:
        mine = [r["nmt_mb"] for r in rows if r["config"] == config]
        other = statistics.median(sum(v for k, v in n.items() if k not in categories) for n in mine)
        total = statistics.median(sum(n.values()) for n in mine)
        print(f"| Java {', '.join(config.split(':', 2))} | "
              + " | ".join(f"{statistics.median(n.get(c, 0) for n in mine):.0f}" for c in categories) + f" | {other:.0f} | {total:.0f} |")
print("\n1-minute load average before each run: " + ", ".join(f"{r['load_before']:.2f}" for r in rows))
PY

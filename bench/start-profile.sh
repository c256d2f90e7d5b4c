#!/usr/bin/env bash
# Where the start goes, as the container runs the service: one start with the AOT cache, profiled by JDK Flight
# Recorder until the first answer of the vignette; the main thread's samples are then attributed to the innermost
# Spring bean being created (or to the Spring Boot phase outside bean creation). JFR samples Java code only: what the
# JIT compilers cost, bench/jdk-ab.sh measures. From the repository root:
#
#   bench/wait-quiet.sh && bench/start-profile.sh      # about 2 minutes; markdown on stdout and in target/bench/start-profile.md
#   JVM_OPTIONS="-Dspring.aot.enabled=true" bench/start-profile.sh   # further JVM options (training run and start alike)
#
# The recording (settings=profile, stacks up to 2048 frames) slows the start by about half: compare shares, not times.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
read -r -a EXTRA <<<"${JVM_OPTIONS:-}"
OPTIONS=(-Xmx256m -XX:MaxRAM=768m -XX:+UseG1GC "${EXTRA[@]}")
SERVICE=jia-spine-followup-order-select
VIGNETTE=src/test/resources/scenarios/vignette-radiograph-order-select/request.json
OUT=$PWD/target/bench/start-profile

# shellcheck source=bench/common.sh
. bench/common.sh
. bench/prerequisites.sh
rm -rf "$OUT" && mkdir -p "$OUT"
app_with_aot_cache "$OUT" "$JAVA" "${OPTIONS[@]}"

port=$(free_port)
started=$(now_ms)
"$JAVA" "${OPTIONS[@]}" -XX:AOTCache="$AOT_CACHE" -XX:FlightRecorderOptions:stackdepth=2048 \
  -XX:StartFlightRecording:filename="$OUT/start.jfr",settings=profile -jar "$APP_JAR" --server.address=127.0.0.1 \
  --server.port="$port" --cds.data-directory="$OUT/data" >"$OUT/server.log" 2>&1 &
PIDS+=($!)
first=$(ms_to_first_answer "$started" "${PIDS[0]}" "http://127.0.0.1:$port/cds-services/$SERVICE" "$VIGNETTE") \
  || die "no answer (see $OUT/server.log)"
"$(dirname "$JAVA")/jcmd" "${PIDS[0]}" JFR.dump filename="$OUT/start.jfr" >/dev/null
"$(dirname "$JAVA")/jfr" print --events jdk.ExecutionSample --stack-depth 2048 "$OUT/start.jfr" >"$OUT/samples.txt"

python3 - "$OUT/samples.txt" "$first" "$(git rev-parse --short HEAD)" "${JVM_OPTIONS:-}" <<'PY' | tee "$OUT/../start-profile.md"
import collections, re, sys
samples_file, first, commit, options = sys.argv[1:]
PHASES = {"SpringApplication.prepareEnvironment": "Spring Boot: the environment (properties, logging)",
          "SpringApplication.prepareContext": "Spring Boot: preparing the context",
          "TomcatWebServer.initialize": "Tomcat start (outside bean creation)",
          "invokeBeanFactoryPostProcessors": "Spring: configuration classes, component scan, conditions",
          "SpringApplication.<init>": "Spring Boot: the application object",
          "SpringApplication.run": "Spring Boot: the rest of the refresh"}
CREATION = re.compile(r"AbstractAutowireCapableBeanFactory\.(createBeanInstance|invokeInitMethods|applyBeanPostProcessors)")
MACHINERY = re.compile(r"^(org\.springframework\.(beans|aot|util|core)\.|java\.|jdk\.|sun\.)|__BeanDefinitions")
by_key, by_thread, main = collections.Counter(), collections.Counter(), 0
for event in open(samples_file).read().split("jdk.ExecutionSample {")[1:]:
    thread = re.search(r'sampledThread = "([^"]*)"', event)
    thread = thread.group(1) if thread else "?"
    by_thread["main" if thread == "main" else "first call (Tomcat worker)" if "-exec-" in thread else "other"] += 1
    if thread != "main":
        continue
    main += 1
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)[::-1]  # outermost first
    created = [i for i, frame in enumerate(frames) if CREATION.search(frame)]
    if created:  # the innermost bean being created: the first frame inside it that is not Spring's reflection
        inner = next((f for f in frames[created[-1] + 1:] if not MACHINERY.search(f)), None)
        key = "bean: " + inner.rsplit(".", 1)[0].split(".")[-1] if inner else "bean creation (Spring's own work)"
    else:
        key = next((label for f in reversed(frames) for p, label in PHASES.items() if p in f), "other (JVM, launcher)")
    by_key[key] += 1
print(f"Commit {commit}; one start with the AOT cache{' and ' + options if options else ''}, profiled by JFR; "
      f"first answer after {int(first)} ms (the recording slows it).\n")
print("Execution samples by thread (JFR samples Java code: the JIT compiler threads are not in it, see bench/jdk-ab.sh):\n")
print("| thread | samples |\n|---|---|")
for kind, n in by_thread.most_common():
    print(f"| {kind} | {n} |")
print(f"\nThe main thread's {main} samples by what it was doing:\n")
print("| innermost | samples | share |\n|---|---|---|")
for key, n in by_key.most_common(25):
    print(f"| {key} | {n} | {100 * n / main:.0f} % |")
PY

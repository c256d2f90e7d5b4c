#!/usr/bin/env bash
# In-process JMH benchmark of the hook pipeline stages (parse, assemble, evaluate, render, handle) for patient
# records of 10/100/1,000/10,000 prefetched resources, with the GC profiler (allocation per call).
#
#   bench/jmh.sh                      # the full run: 5 stages x 4 sizes = 20 forks, about 8 minutes on 2 cores
#   bench/jmh.sh -p records=1000 'HookPipelineBenchmark.handle'   # extra arguments go to org.openjdk.jmh.Main
#   bench/jmh.sh -p variant=back-pain-notes -p records=100,1000,10000 -wi 1 -i 2 'HookPipelineBenchmark.evaluate'
#                                     # the stress case: every condition a back pain diagnosis with its own text
#
# Results: a table on stdout, JSON in target/bench/jmh.json (JMH_RESULT=<file> to change). See docs/PERFORMANCE.md.
# -jvmArgsPrepend -Dbench.spring.args=--cds.inbound-validation=warn (comma-separated Spring arguments) benchmarks
# another configuration, e.g. --cds.content-location=file:<folder>/ for other clinical content.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p target/bench
python3 bench/gen_records.py --out target/bench --sizes 10,100,1000,10000 \
  --variant typical --variant back-pain-notes >/dev/null
./mvnw -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
if [ ! -s target/test-classes/META-INF/BenchmarkList ]; then
  echo "JMH annotation processing produced no target/test-classes/META-INF/BenchmarkList" >&2
  exit 1
fi

args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(HookPipelineBenchmark)
fi
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  org.openjdk.jmh.Main -prof gc -rf json -rff "${JMH_RESULT:-target/bench/jmh.json}" "${args[@]}"

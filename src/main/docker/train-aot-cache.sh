#!/bin/sh
# Records the JVM's AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) from a training run that
# does what the service does first in production: start, then answer hook calls. The cache is written when the JVM
# exits on SIGTERM. Used by the Dockerfile, bench/jdk-ab.sh and bench/start-profile.sh, so they measure the same thing.
#
#   train-aot-cache.sh <cache file> <scenarios dir> java [JVM options] -jar app.jar [application arguments]
#
# <scenarios dir> holds one folder per example call with request.json and service.txt (the service id), as
# src/test/resources/scenarios does; each is posted ROUNDS times (default 3). TRAINING_PORT (default 8080).
set -eu
cache=$1 scenarios=$2
shift 2
port=${TRAINING_PORT:-8080}
rounds=${ROUNDS:-3}
base=http://127.0.0.1:$port

JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-} -XX:AOTCacheOutput=$cache" "$@" --server.address=127.0.0.1 --server.port="$port" &
pid=$!
i=0
until curl -fsS -o /dev/null "$base/actuator/health/readiness"; do
    i=$((i + 1))
    if [ $i -gt 600 ] || ! kill -0 $pid 2>/dev/null; then echo "training run did not become ready" >&2; kill $pid 2>/dev/null; exit 1; fi
    sleep 0.1
done
answered=0
for round in $(seq 1 "$rounds"); do
    for scenario in "$scenarios"/*/; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
            --data-binary @"$scenario/request.json" "$base/cds-services/$(cat "$scenario/service.txt")")
        [ "$code" = 200 ] && answered=$((answered + 1))
    done
done
curl -fsS -o /dev/null "$base/cds-services"
kill -TERM $pid
wait $pid || true
[ -s "$cache" ] || { echo "no AOT cache was written" >&2; exit 1; }
echo "AOT cache $cache recorded after $answered answered hook calls"
[ "$answered" -gt 0 ]

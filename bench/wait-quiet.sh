#!/usr/bin/env bash
# Waits until the machine is quiet before a measurement: the 1-minute load average below LIMIT (default 1.0),
# polled every 30 s for at most MAX_MINUTES (default 20). Always exits 0; says whether it got quiet.
#
#   bench/wait-quiet.sh && bench/load.sh
set -euo pipefail
LIMIT=${LIMIT:-1.0}
MAX_MINUTES=${MAX_MINUTES:-20}
polls=$((MAX_MINUTES * 2))
for i in $(seq 0 "$polls"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if awk -v l="$load" -v m="$LIMIT" 'BEGIN { exit !(l < m) }'; then
    echo "[wait-quiet] load average $load < $LIMIT after $((i * 30)) s: quiet" >&2
    exit 0
  fi
  [ "$i" -lt "$polls" ] && sleep 30
done
echo "[wait-quiet] load average still $(cut -d' ' -f1 /proc/loadavg) after $MAX_MINUTES min: measuring anyway" >&2

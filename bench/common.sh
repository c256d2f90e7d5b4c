# Sourced first by the bench scripts (after `cd` to the repository root): logging, free ports, the processes a script
# starts and their cleanup, readiness waits, packages, and the CPU that other processes use meanwhile.
#
#   log / die <message>          "[<script> HH:MM:SS] message" on stderr; die exits 1
#   now_ms / free_port           epoch milliseconds; a free TCP port on 127.0.0.1
#   PIDS+=($!)                   every process started in the background: on exit each gets SIGTERM, then SIGKILL
#                                after 10 s if still there; then the commands in EXIT_HOOKS run (e.g. pg_stop)
#   wait_http <url> <seconds> [pid]   until the URL answers 2xx (fails early when pid has exited)
#   install_package <package>    apt-get install (as root, else with sudo) of a Debian package
#   cpu_mark / other_cpu         other_cpu prints the share of all cores (0..1) that processes other than this script
#                                and its descendants used since cpu_mark; OWN_PID_FILES name further process trees of
#                                ours (a daemonised PostgreSQL: bench/postgres.sh adds its postmaster.pid)
BENCH_NAME=$(basename "$0")
log() { echo "[$BENCH_NAME $(date +%H:%M:%S)] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

PIDS=()
EXIT_HOOKS=()
stop_pids() { # stop_pids <pid...>: SIGTERM, up to 10 s to exit, then SIGKILL
  local pid i
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
bench_exit() {
  local hook
  [ "${#PIDS[@]}" -eq 0 ] || stop_pids "${PIDS[@]}"
  for hook in "${EXIT_HOOKS[@]}"; do eval "$hook" >/dev/null 2>&1 || true; done
}
trap bench_exit EXIT
trap 'exit 130' INT TERM

wait_http() {
  local url=$1 seconds=$2 pid=${3:-} i
  for i in $(seq 1 $((seconds * 5))); do
    [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || return 1
    curl -sf -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.2
  done
  return 1
}

# ms_to_first_answer <started ms> <pid> <url> <body file>: polls a hook every 50 ms until it answers 200, then prints
# the milliseconds since <started>; fails when the process exits or nothing answers within 60 s.
ms_to_first_answer() {
  local started=$1 pid=$2 url=$3 body=$4 i code
  for i in $(seq 1 1200); do
    kill -0 "$pid" 2>/dev/null || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
      --data-binary @"$body" "$url" || true)
    if [ "$code" = 200 ]; then echo $(( $(now_ms) - started )); return 0; fi
    sleep 0.05
  done
  return 1
}

install_package() {
  local sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  log "installing $1 (apt-get install $1)"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$1" >/dev/null \
    || die "cannot install $1 (apt-get install $1)"
}

# CPU accounting in clock ticks: the whole machine, and this shell with every descendant (finished ones are in their
# parents' cumulative times) plus the process trees whose root pid is the first line of a file in OWN_PID_FILES.
OWN_PID_FILES=()
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
own_ticks() {
  local roots=("$$") file
  for file in "${OWN_PID_FILES[@]}"; do [ -r "$file" ] && roots+=("$(head -1 "$file")"); done
  python3 - "${roots[@]}" <<'PY'
import os, sys
procs = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    procs[int(pid)] = (int(fields[1]), sum(int(x) for x in fields[11:15]))  # ppid; utime stime cutime cstime
children = {}
for pid, (ppid, _) in procs.items():
    children.setdefault(ppid, []).append(pid)
seen, todo = set(), [int(p) for p in sys.argv[1:] if p]
while todo:
    pid = todo.pop()
    if pid in seen or pid not in procs:
        continue
    seen.add(pid)
    todo += children.get(pid, [])
print(sum(procs[p][1] for p in seen))
PY
}
cpu_mark() { CPU_MARK=("$(busy_ticks)" "$(own_ticks)" "$(now_ms)"); }
other_cpu() {
  python3 -c 'import sys; b, o, ms, n = map(float, sys.argv[1:]); print(round(max(0.0, b - o) / (ms / 1000 * 100 * n), 3))' \
    "$(( $(busy_ticks) - CPU_MARK[0] ))" "$(( $(own_ticks) - CPU_MARK[1] ))" "$(( $(now_ms) - CPU_MARK[2] ))" "$(nproc)"
}

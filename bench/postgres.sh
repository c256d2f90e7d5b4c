# Sourced by bench scripts after bench/common.sh: a throwaway PostgreSQL cluster from Debian's postgresql
# package (installed when missing), on a free loopback port, as the postgres user when run as root.
#   pg_init <folder>   creates the cluster and sets PG_FOLDER, PG_PORT, PG_URL (database acr_cds, user acr); the
#                      cluster is stopped on exit and its CPU counts as the script's own (bench/common.sh)
#   pg_start / pg_stop (immediate: connections cut, as in an outage) / pg_psql <sql>
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || install_package postgresql
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_as() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_init() {
  PG_FOLDER=$(cd "$1" && pwd)/postgres
  rm -rf "$PG_FOLDER"; mkdir -p "$PG_FOLDER"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_FOLDER"
  PG_PORT=$(free_port)
  pg_as "$PG_BIN/initdb" -D "$PG_FOLDER/data" -A trust -U acr -E UTF8 --no-sync >/dev/null
  EXIT_HOOKS+=(pg_stop)
  OWN_PID_FILES+=("$PG_FOLDER/data/postmaster.pid")
  pg_start
  pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U acr -d postgres -qc "CREATE DATABASE acr_cds" >/dev/null
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/acr_cds"
}
pg_start() {
  pg_as "$PG_BIN/pg_ctl" -D "$PG_FOLDER/data" -l "$PG_FOLDER/server.log" -w \
    -o "-p $PG_PORT -k $PG_FOLDER -c listen_addresses=127.0.0.1" start >/dev/null
}
pg_stop() { pg_as "$PG_BIN/pg_ctl" -D "$PG_FOLDER/data" -m immediate -w stop >/dev/null; }
pg_psql() { pg_as "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U acr -d acr_cds -tAc "$1"; }

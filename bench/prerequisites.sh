# Sourced by bench/load.sh and bench/edges.sh (which define log and die): checks java and python3, installs wrk
# when missing, and sets JAR to the service's executable jar, building it when missing or when REBUILD=1.
command -v java >/dev/null || die "java (17+) is required"
command -v python3 >/dev/null || die "python3 is required"
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null || die "cannot install wrk (apt-get install wrk)"
fi
JAR=$(ls target/acr-cds-hooks-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
if [ -z "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
  log "building the jar (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/acr-cds-hooks-*.jar | grep -v '\.original$' | head -1)
fi

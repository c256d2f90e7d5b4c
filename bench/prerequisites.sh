# Sourced by the bench scripts after bench/common.sh: checks java, python3 and curl, installs wrk when missing,
# and sets JAR to the service's executable jar, building it when missing or when REBUILD=1.
command -v java >/dev/null || die "java (17+) is required"
command -v python3 >/dev/null || die "python3 is required"
command -v curl >/dev/null || die "curl is required"
command -v wrk >/dev/null || install_package wrk
JAR=$(ls target/acr-cds-hooks-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
if [ -z "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
  log "building the jar (./mvnw -B -q -DskipTests package)"
  ./mvnw -B -q -DskipTests package
  JAR=$(ls target/acr-cds-hooks-*.jar | grep -v '\.original$' | head -1)
fi

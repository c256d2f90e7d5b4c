# Sourced by the bench scripts after bench/common.sh: checks java, python3 and curl, installs wrk when missing,
# and sets JAR to the service's executable jar, building it when missing or when REBUILD=1; app_with_cds_archive
# (below) prepares the jar as bench/load.sh runs it.
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

# app_with_cds_archive <folder> [arguments of the training run...]: the jar extracted into <folder> with a class data
# sharing archive recorded by a training run (Spring Boot's documented CDS setup; the Dockerfile's until Java 25).
# Sets APP_JAR and CDS_ARCHIVE: java -XX:SharedArchiveFile="$CDS_ARCHIVE" -jar "$APP_JAR" starts it.
app_with_cds_archive() {
  local folder=$1
  shift
  rm -rf "$folder"
  java -Djarmode=tools -jar "$JAR" extract --destination "$folder" >/dev/null
  APP_JAR=$folder/$(basename "$JAR")
  CDS_ARCHIVE=$folder/app.jsa
  log "recording the class data sharing archive (training run)"
  java -Xmx"${HEAP:-256m}" -XX:ArchiveClassesAtExit="$CDS_ARCHIVE" -Dspring.context.exit=onRefresh -jar "$APP_JAR" \
    --server.port=0 "$@" >"$folder/cds-training.log" 2>&1 || die "the CDS training run failed (see $folder/cds-training.log)"
}

# Sourced by the bench scripts after bench/common.sh: checks java, python3 and curl, installs wrk when missing,
# and sets JAR to the service's executable jar, building it when missing or when REBUILD=1; extract_app,
# app_with_aot_cache and app_with_cds_archive (below) prepare the jar as the container and bench/load.sh run it.
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

# extract_app <folder> [java]: the jar extracted into <folder> as the Dockerfile does (java -Djarmode=tools ... extract);
# sets APP_JAR, the extracted jar to start.
extract_app() {
  rm -rf "$1"
  "${2:-java}" -Djarmode=tools -jar "$(realpath "$JAR")" extract --destination "$1" >/dev/null
  APP_JAR=$1/$(basename "$JAR")
}

# app_with_aot_cache <folder> <java> [JVM options...]: the jar extracted into <folder>/app with the AOT cache
# <folder>/app.aot that src/main/docker/train-aot-cache.sh records, exactly as the Dockerfile does (Java 25; the
# runtime must use the same JVM options). Sets APP_JAR and AOT_CACHE.
app_with_aot_cache() {
  local folder=$1 java=$2
  shift 2
  extract_app "$folder/app" "$java"
  AOT_CACHE=$folder/app.aot
  log "recording the AOT cache (training run)"
  TRAINING_PORT=$(free_port) src/main/docker/train-aot-cache.sh "$AOT_CACHE" src/test/resources/scenarios \
    "$java" "$@" -jar "$APP_JAR" --cds.data-directory="$folder/training-data" >"$folder/training.log" 2>&1 \
    || die "the AOT cache training run failed (see $folder/training.log)"
  rm -rf "$folder/training-data"
}

# app_with_cds_archive <folder> [arguments of the training run...]: the jar extracted into <folder> with a class data
# sharing archive recorded by a training run (Spring Boot's documented CDS setup; the Dockerfile's until Java 25).
# Sets APP_JAR and CDS_ARCHIVE: java -XX:SharedArchiveFile="$CDS_ARCHIVE" -jar "$APP_JAR" starts it.
app_with_cds_archive() {
  local folder=$1
  shift
  extract_app "$folder"
  CDS_ARCHIVE=$folder/app.jsa
  log "recording the class data sharing archive (training run)"
  java -Xmx"${HEAP:-256m}" -XX:ArchiveClassesAtExit="$CDS_ARCHIVE" -Dspring.context.exit=onRefresh -jar "$APP_JAR" \
    --server.port=0 "$@" >"$folder/cds-training.log" 2>&1 || die "the CDS training run failed (see $folder/cds-training.log)"
}

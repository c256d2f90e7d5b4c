# Build stage: compile and package the executable jar with the project's Maven wrapper.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY cql cql
COPY hooks hooks
COPY fhir-resources fhir-resources
RUN ./mvnw -B -q -DskipTests package && cp target/acr-cds-hooks-*.jar /src/app.jar

# Run stage: JRE only, unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home cds
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Start fast (docs/PERFORMANCE.md: about 9 s to first answer as a single jar, about 5 s like this): run the jar
# extracted, with a class data sharing archive recorded by a training run that stops once the context is refreshed.
COPY --from=build /src/app.jar /tmp/app.jar
# The training run's database is thrown away; the service's own lives in a volume its user can write.
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app \
    && rm /tmp/app.jar \
    && java -XX:ArchiveClassesAtExit=/app/app.jsa -Dspring.context.exit=onRefresh -jar /app/app.jar --server.port=0 \
        --cds.data-directory=/tmp/training-data \
    && rm -rf /tmp/training-data \
    && mkdir -p /var/lib/acr-cds && chown 10001 /var/lib/acr-cds
# Decisions and feedback: the embedded H2 database's files (or set SPRING_DATASOURCE_URL to a PostgreSQL database).
ENV CDS_DATA_DIRECTORY=/var/lib/acr-cds
VOLUME /var/lib/acr-cds
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/app.jsa", "-jar", "/app/app.jar"]

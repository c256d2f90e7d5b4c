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

# Run stage: Java 25 JRE (the classes stay Java 17 bytecode, so ./mvnw spring-boot:run works on any JDK 17+), unprivileged
# user.
FROM eclipse-temurin:25-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home cds
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# Start fast (docs/PERFORMANCE.md): the jar extracted, with an AOT cache (JEP 483/514/515) recorded by a training run
# that starts the service and answers every example hook call of the test scenarios, then stops on SIGTERM. The cache
# holds only classes and method profiles, no patient data; the training run's database is thrown away, and the
# service's own lives in a volume its user can write. The runtime JVM options must match the training run's.
COPY --from=build /src/app.jar /tmp/app.jar
COPY --from=build /src/src/test/resources/scenarios /tmp/training/scenarios
COPY src/main/docker/train-aot-cache.sh /tmp/training/
RUN java -Djarmode=tools -jar /tmp/app.jar extract --destination /app \
    && rm /tmp/app.jar \
    && /tmp/training/train-aot-cache.sh /app/app.aot /tmp/training/scenarios \
        java -XX:+UseG1GC -jar /app/app.jar --cds.data-directory=/tmp/training/data \
    && rm -rf /tmp/training \
    && mkdir -p /var/lib/acr-cds && chown 10001 /var/lib/acr-cds
# Decisions and feedback: the embedded H2 database's files (or set SPRING_DATASOURCE_URL to a PostgreSQL database).
ENV CDS_DATA_DIRECTORY=/var/lib/acr-cds
VOLUME /var/lib/acr-cds
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]

package org.acrcds;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional observability settings on the packaged server, each run as its own process (logging is configured once
 * per JVM): tracing over OTLP puts the trace id into log lines and sends spans without patient data; Spring Boot's
 * structured logging turns the console into one JSON object per line, in which a forged line break stays inside its
 * string; and by default (tracing off) the text log lines carry no correlation column.
 */
class TracingAndLogsIT {

    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    /** The feedback log line after the thread (and, while tracing is on, the trace and span ids), as a pattern. */
    static final String LOGGED_FEEDBACK = "o\\.acrcds\\.audit\\.StoredFeedbackRecorder +: Feedback service=jia-spine-followup-order-select";

    @TempDir
    Path data;

    @Test
    void withTracingOnLogLinesCarryTheTraceIdAndSpansReachTheCollectorWithoutPatientData() throws Exception {
        WireMockServer collector = new WireMockServer(wireMockConfig().dynamicPort());
        collector.start();
        collector.stubFor(post("/v1/traces").willReturn(ok()));
        try (Server server = Server.start(data, "--management.tracing.enabled=true", "--management.tracing.sampling.probability=1.0",
                "--management.otlp.tracing.endpoint=" + collector.baseUrl() + "/v1/traces")) {
            assertThat(server.post(SERVICE, SecuredInstance.vignette()).status()).isEqualTo(200);
            assertThat(server.post(SERVICE + "/feedback", feedback("c1")).status()).isEqualTo(200);

            String spans = awaitSpans(collector, "http post /cds-services/{serviceId}/feedback");
            assertThat(spans).contains("http post /cds-services/{serviceId}").doesNotContain("pat-jia-10").doesNotContain("dr-rheum")
                    .doesNotContain("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
            assertThat(server.log()).containsPattern("\\[[0-9a-f]{32}-[0-9a-f]{16}] " + LOGGED_FEEDBACK);
        } finally {
            collector.stop();
        }
    }

    @Test
    void structuredLogsAreOnePropertyAndPlainLinesHaveNoTraceColumnWhileTracingIsOff() throws Exception {
        Path file = data.resolve("file.log");
        try (Server server = Server.start(data, "--logging.structured.format.console=ecs", "--logging.file.name=" + file)) {
            assertThat(server.post(SERVICE + "/feedback", feedback("forged\\r\\nINFO a forged line")).status()).isEqualTo(200);

            JsonNode logged = server.log().lines().filter(line -> line.contains("Feedback service=")).findFirst()
                    .map(TracingAndLogsIT::json).orElseThrow();
            assertThat(logged.at("/log/level").asText()).isEqualTo("INFO");
            assertThat(logged.at("/service/name").asText()).isEqualTo("acr-cds-hooks");
            assertThat(logged.get("message").asText()).startsWith("Feedback service=jia-spine-followup-order-select card=forged\r\nINFO");
            assertThat(server.log().lines()).noneMatch(line -> line.startsWith("INFO a forged line"));

            String plain = Files.readString(file);
            assertThat(plain).containsPattern("-exec-\\d+] " + LOGGED_FEEDBACK + " card=forged__INFO a forged line");
        }
    }

    static String feedback(String card) {
        return "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-27T10:00:00Z\"}]}";
    }

    static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    /** @return every span exported so far, once one is named {@code last} (the batch span processor exports every 5 s) */
    static String awaitSpans(WireMockServer collector, String last) throws InterruptedException {
        String spans = "";
        for (int attempt = 0; attempt < 240 && !spans.contains(last); attempt++) {
            Thread.sleep(250);
            spans = collector.findAll(postRequestedFor(urlEqualTo("/v1/traces"))).stream()
                    .map(export -> new String(export.getBody(), StandardCharsets.ISO_8859_1)).reduce("", String::concat);
        }
        assertThat(spans).as("spans exported within 60 s").contains(last);
        return spans;
    }

    /** The packaged jar (failsafe runs after the package phase) as its own process, its output in a file. */
    record Server(Process process, int port, Path output) implements AutoCloseable {

        static Server start(Path data, String... settings) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", packagedJar().toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                    "--cds.data-directory=" + data.toAbsolutePath(), "--spring.main.banner-mode=off"));
            command.addAll(List.of(settings));
            Path output = data.resolve("server.log");
            Server server = new Server(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start(), port,
                    output);
            server.awaitHealthy();
            return server;
        }

        RawHttp.Response post(String path, String body) throws IOException {
            return RawHttp.send(port, "POST", path, body);
        }

        String log() throws IOException {
            return Files.readString(output);
        }

        private void awaitHealthy() throws Exception {
            for (int attempt = 0; attempt < 720 && process.isAlive(); attempt++) {
                try {
                    if (RawHttp.send(port, "GET", "/actuator/health", null).status() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(250);
            }
            close();
            throw new AssertionError("the packaged server did not become healthy:\n" + log());
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private static Path packagedJar() throws IOException {
            try (Stream<Path> files = Files.list(Path.of("target"))) {
                return files.filter(file -> file.getFileName().toString().matches("acr-cds-hooks-.*\\.jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("target/acr-cds-hooks-*.jar is missing: run ./mvnw verify"));
            }
        }
    }
}

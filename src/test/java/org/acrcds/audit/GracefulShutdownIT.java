package org.acrcds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server, as its own process on the embedded H2 default, gets SIGTERM while clients keep calling it:
 * every call it answered has its decision stored. (In-process tests close the application context, which does not
 * run the JVM's shutdown hooks, where H2 used to close its database under the audit queue.)
 */
class GracefulShutdownIT {

    static final String SERVICE = "jia-spine-followup-order-select";
    static final Path VIGNETTE = Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json");

    @TempDir
    Path data;

    @Test
    void sigtermUnderLoadLosesNoDecision() throws Exception {
        int port = freePort();
        Process server = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", packagedJar().toString(), "--server.port=" + port, "--cds.data-directory=" + data.toAbsolutePath(),
                "--cds.audit.pseudonym-secret=test", "--spring.main.banner-mode=off"))
                .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitHealthy(client, port);
            String vignette = Files.readString(VIGNETTE);
            AtomicInteger answered = new AtomicInteger();
            List<Thread> callers = new ArrayList<>();
            for (int index = 0; index < 4; index++) {
                Thread caller = new Thread(() -> callUntilRefused(client, port, vignette, answered));
                caller.start();
                callers.add(caller);
            }
            Thread.sleep(3_000);
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops").isTrue();
            for (Thread caller : callers) {
                caller.join();
            }

            assertThat(answered.get()).as("calls answered before the stop").isPositive();
            assertThat(storedDecisions()).as("decisions stored, of %d calls answered", answered.get())
                    .isGreaterThanOrEqualTo(answered.get());
            // Nor was any retried or given up: the database stayed open until the queue was written.
            assertThat(Files.readString(data.resolve("server.log"))).doesNotContainPattern("(WARN|ERROR) .*org\\.acrcds\\.audit");
        } finally {
            server.destroyForcibly();
        }
    }

    private static void callUntilRefused(HttpClient client, int port, String body, AtomicInteger answered) {
        HttpRequest call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cds-services/" + SERVICE))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        while (true) {
            try {
                if (client.send(call, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    answered.incrementAndGet();
                }
            } catch (IOException e) {
                return; // the server is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long storedDecisions() throws Exception {
        String url = "jdbc:h2:file:" + data.toAbsolutePath() + "/acr-cds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM decision")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static void awaitHealthy(HttpClient client, int port) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
        for (int attempt = 0; attempt < 240; attempt++) {
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the packaged server did not become healthy within 60 s");
    }

    /** Failsafe runs after the package phase: the executable jar is there. */
    private static Path packagedJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("acr-cds-hooks-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("target/acr-cds-hooks-*.jar is missing: run ./mvnw verify"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.acrcds.prefetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The real server (Tomcat on a random port) against EHR FHIR servers that misbehave: redirects, paging links to
 * other servers, injected query parameters, oversized answers and answers that trickle. {@code ehr} is the
 * {@code fhirServer} of the request; {@code other} is a second server that must never be called by mistake.
 */
// Generous time limits (WireMock may take a while to serve 20 MB on a busy machine): the size caps, the per-server
// share and the deadline's abort must decide these tests, not a read timeout.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cds.fhir-server.deadline=3s", "cds.fhir-server.read-timeout=2500ms", "cds.fhir-server.max-response-size=8MB",
                "cds.fhir-server.max-bytes-per-call=16MB", "cds.fhir-server.max-bytes-in-flight=64MB"})
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirServerEdgesIT {

    static final Path VIGNETTE = Path.of("src/test/resources/scenarios/vignette-radiograph-order-select");
    static final String SERVICE = "/cds-services/jia-spine-followup-order-select";
    static final String TOKEN = "edge-access-token";
    static final String RATED = "Radiography complete spine is Usually not appropriate";
    static final long DEADLINE_MILLIS = 3000;
    static final List<String> KEYS = List.of("patient", "conditions", "observations", "medications", "devices");
    static final ObjectMapper JSON = new ObjectMapper();

    // Content-Length on every answer (WireMock's default is chunked), no compression unless a stub says so.
    final WireMockServer ehr = new WireMockServer(wireMockConfig().dynamicPort().gzipDisabled(true)
            .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.BODY_FILE));
    final WireMockServer other = new WireMockServer(wireMockConfig().dynamicPort());
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    ObjectNode vignette;

    /** The first call of a JVM loads the HTTP client and engine classes: a warm-up, so that timings mean something. */
    @BeforeAll
    void startServersAndWarmUp() throws Exception {
        ehr.start();
        other.start();
        serveVignetteRecord();
        assertThat(call(base(other) + "/fhir", KEYS).body()).contains(RATED);
    }

    @AfterAll
    void stopServers() {
        ehr.stop();
        other.stop();
    }

    @BeforeEach
    void serveVignetteRecord() throws Exception {
        vignette = (ObjectNode) JSON.readTree(Files.readString(VIGNETTE.resolve("request.json")));
        for (WireMockServer server : List.of(ehr, other)) {
            server.resetAll();
            serveRecord(server, "/fhir");
            serveRecord(server, "");
        }
    }

    void serveRecord(WireMockServer server, String base) {
        JsonNode prefetch = vignette.get("prefetch");
        serve(server, base + "/Patient/pat-jia-10", prefetch.get("patient").toString());
        serve(server, base + "/Condition", prefetch.get("conditions").toString());
        serve(server, base + "/Observation", prefetch.get("observations").toString());
        serve(server, base + "/MedicationRequest", prefetch.get("medications").toString());
        serve(server, base + "/Device", "{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"total\": 0}");
    }

    void serve(WireMockServer server, String path, String body) {
        server.stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody(body)));
    }

    String request(String fhirServer, List<String> missingKeys) {
        ObjectNode request = vignette.deepCopy();
        missingKeys.forEach(((ObjectNode) request.get("prefetch"))::remove);
        request.put("fhirServer", fhirServer);
        request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "user/*.read").put("subject", "cds-service");
        return request.toString();
    }

    HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SERVICE))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    HttpResponse<String> call(String fhirServer, List<String> missingKeys) throws Exception {
        return http.send(post(request(fhirServer, missingKeys)), HttpResponse.BodyHandlers.ofString());
    }

    String base(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void redirectIsNotFollowedAndItsTargetNeverSeesTheToken() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Condition")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", base(other) + "/fhir/Condition?patient=pat-jia-10")));

        HttpResponse<String> response = call(base(ehr) + "/fhir", List.of("conditions"));

        assertThat(other.getAllServeEvents()).isEmpty();
        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("conditions");
    }

    /** fhirServer has no base path here, so that a string-prefix check would let the userinfo trick through. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{other}/Condition?page=2",
        "http://127.0.0.1:{ehrPort}@127.0.0.1:{otherPort}/Condition?page=2",
        "http://127.0.0.1:{ehrPort}.evil/Condition?page=2"})
    void nextPageOnAnotherServerIsNotFollowed(String next) throws Exception {
        servePagedConditions(ehr, "/Condition", next.replace("{other}", base(other))
                .replace("{ehrPort}", String.valueOf(ehr.port())).replace("{otherPort}", String.valueOf(other.port())));

        HttpResponse<String> response = call(base(ehr), List.of("conditions"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(other.getAllServeEvents()).isEmpty();
    }

    @Test
    void nextPageOutsideTheBasePathIsNotFollowed() throws Exception {
        servePagedConditions(ehr, "/fhir/Condition", base(ehr) + "/fhir-admin/Condition?page=2");
        ehr.stubFor(get(urlPathMatching("/fhir-admin/.*")).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> response = call(base(ehr) + "/fhir", List.of("conditions"));

        assertThat(response.statusCode()).isEqualTo(200);
        ehr.verify(0, getRequestedFor(urlPathMatching("/fhir-admin/.*")));
    }

    void servePagedConditions(WireMockServer server, String path, String next) {
        ObjectNode firstPage = vignette.get("prefetch").get("conditions").deepCopy();
        firstPage.putArray("link").addObject().put("relation", "next").put("url", next);
        serve(server, path, firstPage.toString());
    }

    @Test
    void patientIdThatIsNoFhirIdIsRefusedBeforeAnyQuery() throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(request(base(ehr) + "/fhir", KEYS));
        ((ObjectNode) request.get("context")).put("patientId", "pat-jia-10&_count=1000000");

        HttpResponse<String> response = http.send(post(request.toString()), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("context.patientId");
        assertThat(ehr.getAllServeEvents()).isEmpty();
    }

    @Test
    void answerDeclaredLargerThanTheCapIsRefusedBeforeReading(CapturedOutput output) throws Exception {
        serve(ehr, "/fhir/Condition", paddedConditions(20 << 20));

        assertUnavailableQuickly("conditions", output);
    }

    @Test
    void compressedAnswerIsCountedAfterDecompression(CapturedOutput output) throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Condition")).willReturn(aResponse()
                .withHeader("Content-Type", "application/fhir+json").withHeader("Content-Encoding", "gzip")
                .withBody(gzip(paddedConditions(20 << 20)))));

        assertUnavailableQuickly("conditions", output);
    }

    @Test
    void allAnswersOfOneCallShareOneBudget(CapturedOutput output) throws Exception {
        // Three pages of 6 MB: each under the 8 MB cap of one answer, together over the 16 MB of one call.
        String page = paddedConditions(6 << 20);
        ObjectNode first = (ObjectNode) JSON.readTree(page);
        first.putArray("link").addObject().put("relation", "next").put("url", base(ehr) + "/fhir/page2");
        ObjectNode second = (ObjectNode) JSON.readTree(page);
        second.putArray("link").addObject().put("relation", "next").put("url", base(ehr) + "/fhir/page3");
        serve(ehr, "/fhir/Condition", first.toString());
        serve(ehr, "/fhir/page2", second.toString());
        serve(ehr, "/fhir/page3", page);

        assertUnavailableQuickly("conditions", output);
    }

    /** The conditions are required: when they are refused the call gets 412 naming them, before the deadline. */
    void assertUnavailableQuickly(String key, CapturedOutput output) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = call(base(ehr) + "/fhir", List.of(key));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains(key);
        assertThat(elapsedMillis).isLessThan(DEADLINE_MILLIS);
        assertThat(output.getAll()).contains("Prefetch fallback for '" + key + "'").contains("larger than allowed")
                .doesNotContain("pat-jia-10").doesNotContain(TOKEN);
    }

    /** The vignette's conditions, with an unknown element that makes the JSON {@code size} bytes long. */
    String paddedConditions(int size) {
        ObjectNode conditions = vignette.get("prefetch").get("conditions").deepCopy();
        int length = conditions.toString().length();
        conditions.put("padding", "x".repeat(size - length - 14));
        return conditions.toString();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream zipped = new GZIPOutputStream(bytes)) {
            zipped.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void tricklingServerHoldsOnlyItsOwnShareAndIsCutOffAtTheDeadline() throws Exception {
        try (TricklingServer trickling = new TricklingServer()) {
            List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
            for (int index = 0; index < 16; index++) {
                stuck.add(http.sendAsync(post(request(trickling.url(), KEYS)), HttpResponse.BodyHandlers.ofString()));
            }
            trickling.awaitOpen(open -> open >= 16, 2000);

            long started = System.nanoTime();
            HttpResponse<String> healthy = call(base(other) + "/fhir", KEYS);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).contains(RATED);
            assertThat(elapsedMillis).isLessThan(1000);
            for (CompletableFuture<HttpResponse<String>> call : stuck) {
                assertThat(call.get(DEADLINE_MILLIS + 2000, TimeUnit.MILLISECONDS).statusCode()).isEqualTo(412);
            }
            assertThat(trickling.maxOpen()).isLessThanOrEqualTo(16);
            trickling.awaitOpen(open -> open == 0, 1000);
        }
        HttpResponse<String> later = call(base(other) + "/fhir", KEYS);
        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.body()).contains(RATED);
    }

    /**
     * A FHIR server that answers every request with headers and then one byte every 200 ms, forever: the socket
     * read timeout never trips. Counts the connections still open, that is, not yet closed by the client.
     */
    static final class TricklingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicInteger maxOpen = new AtomicInteger();

        TricklingServer() throws IOException {
            threads.submit(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        threads.submit(() -> trickle(connection));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/fhir";
        }

        private void trickle(Socket connection) {
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try (connection) {
                InputStream in = connection.getInputStream();
                int last = 0;
                for (int next; (next = in.read()) >= 0; ) { // up to the blank line that ends the request headers
                    last = (last << 8 | next) & 0xFFFFFFFF;
                    if (last == 0x0D0A0D0A) {
                        break;
                    }
                }
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closedByClient) {
                // the client gave up: the connection is free again
            } finally {
                open.decrementAndGet();
            }
        }

        int maxOpen() {
            return maxOpen.get();
        }

        void awaitOpen(IntPredicate expected, long timeoutMillis) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!expected.test(open.get()) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(expected.test(open.get())).as("connections open at the trickling server: %d", open.get()).isTrue();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            threads.shutdownNow();
        }
    }
}

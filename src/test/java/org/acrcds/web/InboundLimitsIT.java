package org.acrcds.web;

import static org.acrcds.web.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What reaches the server before any of our code can judge it, on a real Tomcat over real HTTP: feedback too large
 * to keep, request values that would forge log lines, request headers over {@code server.max-http-request-header-size}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class InboundLimitsIT {

    static final String FEEDBACK = "/cds-services/" + FeedbackTest.SELECT + "/feedback";
    static final String FORGED = "2026-01-01 INFO forged";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpResponse<String> postFeedback(Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + FEEDBACK))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static Map<String, Object> overridden(String card, String userComment) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("card", card);
        entry.put("outcome", "overridden");
        entry.put("overrideReason", Map.of(
                "reason", Map.of("system", "http://example.org/fhir/acr-cds/CodeSystem/override-reason", "code", "patient-preference"),
                "userComment", userComment));
        entry.put("outcomeTimestamp", FeedbackTest.TIMESTAMP);
        return entry;
    }

    static Map<String, Object> accepted(List<String> suggestionIds) {
        return Map.of("card", FeedbackTest.CARD, "outcome", "accepted", "outcomeTimestamp", FeedbackTest.TIMESTAMP,
                "acceptedSuggestions", suggestionIds.stream().map(id -> Map.of("id", id)).toList());
    }

    static Map<String, Object> feedback(List<Map<String, Object>> entries) {
        return Map.of("feedback", entries);
    }

    static Stream<Arguments> feedbackOverLimits() {
        return Stream.of(
                Arguments.of("2 MB userComment", feedback(List.of(overridden(FeedbackTest.CARD, "x".repeat(2_000_000)))),
                        "feedback[0].overrideReason.userComment is longer than 1000 characters"),
                Arguments.of("101 entries", feedback(Collections.nCopies(101, overridden(FeedbackTest.CARD, "short"))),
                        "feedback has more than 100 entries"),
                Arguments.of("long card id", feedback(List.of(overridden("c".repeat(257), "short"))),
                        "feedback[0].card is longer than 256 characters"),
                Arguments.of("21 accepted suggestions", feedback(List.of(accepted(Collections.nCopies(21, FeedbackTest.SUGGESTION)))),
                        "feedback[0].acceptedSuggestions has more than 20 entries"),
                Arguments.of("long suggestion id", feedback(List.of(accepted(List.of(FeedbackTest.SUGGESTION, "s".repeat(257))))),
                        "feedback[0].acceptedSuggestions[1].id is longer than 256 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbackOverLimits")
    void feedbackOverALimitIs400NamingTheField(String problem, Object body, String expectedMessage) throws Exception {
        HttpResponse<String> response = postFeedback(body);
        String message = assertError(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body(), 400, "Bad Request");
        assertThat(message).isEqualTo(expectedMessage);
    }

    @Test
    void feedbackAtTheLimitsIsAccepted() throws Exception {
        HttpResponse<String> response = postFeedback(feedback(Collections.nCopies(100, overridden("c".repeat(256), "x".repeat(1000)))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aCardIdCannotForgeALogLine(CapturedOutput output) throws Exception {
        HttpResponse<String> response = postFeedback(feedback(List.of(overridden("abc\r\n" + FORGED, "short"))));

        assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
        assertThat(output.getOut()).as("the feedback was logged").contains(FORGED);
        assertNoLineStartsWith(output, FORGED);
    }

    @Test
    void anExceptionMessageCannotForgeALogLineAndItsStackStaysMultiLine(CapturedOutput output) {
        LoggerFactory.getLogger(InboundLimitsIT.class).error("Logged with a request value in its exception",
                new IllegalStateException("abc\n" + FORGED + "\r" + FORGED, new IllegalArgumentException("x\n" + FORGED)));

        assertThat(output.getOut()).contains(FORGED);
        assertNoLineStartsWith(output, FORGED);
        assertThat(output.getOut().lines()).as("stack frames on lines of their own")
                .anyMatch(line -> line.startsWith("\tat org.acrcds.web.InboundLimitsIT"))
                .anyMatch(line -> line.startsWith("Caused by: java.lang.IllegalArgumentException"));
    }

    static void assertNoLineStartsWith(CapturedOutput output, String forged) {
        assertThat(output.getOut().split("[\r\n\u0085\u2028\u2029]")).noneMatch(line -> line.startsWith(forged));
    }

    @Test
    void oversizedAuthorizationHeaderIs431Json(CapturedOutput output) throws Exception {
        RawResponse response = raw("GET /cds-services HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + "x".repeat(100_000)
                + "\r\n\r\n");
        assertHeaderTooLarge(response, output);
    }

    @Test
    void oversizedRequestLineIs431Json(CapturedOutput output) throws Exception {
        RawResponse response = raw("GET /cds-services/" + "x".repeat(100_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertHeaderTooLarge(response, output);
    }

    void assertHeaderTooLarge(RawResponse response, CapturedOutput output) throws Exception {
        assertThat(assertError(response.status(), response.headers().get("content-type"), response.body(), 431,
                "Request Header Fields Too Large"))
                .isEqualTo("Request line and headers are larger than 8192 bytes");
        assertThat(output.getOut()).as("no stack trace logged").doesNotContain("\tat org.apache.");

        RawResponse next = raw("GET /cds-services HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
    }

    record RawResponse(int status, Map<String, String> headers, String body) {}

    /** Sends bytes as they are on a new connection and reads the answer until the server closes it. */
    RawResponse raw(String request) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // The server may reset the connection after answering while unread request bytes remain: keep what came.
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete HTTP response head in: %s", text).isPositive();
        String[] head = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
        }
        return new RawResponse(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(end + 4));
    }
}

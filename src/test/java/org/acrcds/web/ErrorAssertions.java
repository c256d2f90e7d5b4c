package org.acrcds.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;

/**
 * Checks an error answer of the API: JSON {@code {status, error, message}} and nothing else, the given status and
 * reason phrase, and no trace of the implementation (exception names, package names, stack frames).
 */
final class ErrorAssertions {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A Java stack frame such as {@code at org.acrcds.web.Foo.bar(Foo.java:12)} or {@code at java.base/...}. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$/.]+\\.[\\w$<>]+\\(");

    private ErrorAssertions() {}

    /** Asserts the error shape and returns its message for further checks. */
    static String assertError(int actualStatus, String contentType, String body, int expectedStatus, String expectedReason) throws Exception {
        assertThat(actualStatus).as("HTTP status, body: %s", body).isEqualTo(expectedStatus);
        assertThat(contentType).as("Content-Type").isNotNull();
        assertThat(MediaType.parseMediaType(contentType).isCompatibleWith(MediaType.APPLICATION_JSON))
                .as("Content-Type %s is JSON", contentType).isTrue();
        assertNoLeak(body);
        JsonNode error = MAPPER.readTree(body);
        assertThat(error.isObject()).as("error body is a JSON object: %s", body).isTrue();
        List<String> fields = new ArrayList<>();
        error.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("error body fields").containsExactlyInAnyOrder("status", "error", "message");
        assertThat(error.get("status").isInt()).as("status is a number").isTrue();
        assertThat(error.get("status").intValue()).isEqualTo(expectedStatus);
        assertThat(error.get("error").asText()).isEqualTo(expectedReason);
        assertThat(error.get("message").isTextual()).as("message is a string").isTrue();
        String message = error.get("message").asText();
        assertThat(message).as("message").isNotBlank();
        return message;
    }

    static void assertNoLeak(String body) {
        assertThat(body).as("error body leaks implementation details")
                .doesNotContain("Exception")
                .doesNotContain("org.")
                .doesNotContain("java.")
                .doesNotContain("\tat ");
        assertThat(STACK_FRAME.matcher(body).find()).as("error body contains a stack frame: %s", body).isFalse();
    }
}

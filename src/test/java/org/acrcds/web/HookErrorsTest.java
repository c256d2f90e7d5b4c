package org.acrcds.web;

import static org.acrcds.web.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Every way a hook call can be wrong gets its own status and a JSON {status, error, message} naming the problem,
 * without exception names, package names or stack frames; and a good call still works afterwards.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HookErrorsTest {

    static final String SELECT = "jia-spine-followup-order-select";
    static final Path GOOD_REQUEST = Path.of("src/test/resources/scenarios/vignette-radiograph-order-select/request.json");
    static final Path SMALL_REQUEST = Path.of("src/test/resources/scenarios/nothing-applies-ct-spine-without-jia/request.json");
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Autowired
    MockMvc mvc;

    @Autowired
    FixedClockAndUuids.SequentialUuids uuids;

    static ObjectNode goodRequest() throws Exception {
        return (ObjectNode) MAPPER.readTree(Files.readString(GOOD_REQUEST));
    }

    static String goodWith(Consumer<ObjectNode> change) throws Exception {
        ObjectNode request = goodRequest();
        change.accept(request);
        return MAPPER.writeValueAsString(request);
    }

    static ObjectNode context(ObjectNode request) {
        return (ObjectNode) request.get("context");
    }

    MvcResult call(String serviceId, String body) throws Exception {
        return call(serviceId, body, MediaType.APPLICATION_JSON);
    }

    MvcResult call(String serviceId, String body, MediaType contentType) throws Exception {
        return mvc.perform(post("/cds-services/" + serviceId).contentType(contentType).content(body)).andReturn();
    }

    static String error(MvcResult result, int status, String reason) throws Exception {
        return assertError(result.getResponse().getStatus(), result.getResponse().getContentType(),
                result.getResponse().getContentAsString(), status, reason);
    }

    static String badRequest(MvcResult result) throws Exception {
        return error(result, 400, "Bad Request");
    }

    @Test
    @Order(1)
    void unknownServiceIs404() throws Exception {
        MvcResult result = call("no-such-service", goodWith(request -> {}));
        assertThat(error(result, 404, "Not Found")).isEqualTo("No CDS service with id 'no-such-service'");
    }

    static Stream<Arguments> unreadableBodies() throws Exception {
        String good = goodWith(request -> {});
        String deepArrays = "[".repeat(5000) + "]".repeat(5000);
        String deepExtensions = "{\"extension\": [".repeat(80) + "{}" + "]}".repeat(80);
        return Stream.of(
                Arguments.of("malformed JSON", "{\"hook\": \"order-select\",\n \"hookInstance\": oops}",
                        "Request body is not valid JSON (line 2)"),
                Arguments.of("truncated JSON", "{\"hookInstance\":\"d15", "Request body is not valid JSON (line 1)"),
                Arguments.of("malformed JSON inside an object", "{\"hook\": \"order-select\", \"hookInstance\": \"h-1\",\n"
                        + " \"context\": {\"userId\": \"Practitioner/dr-rheum\"\n \"patientId\": \"pat-jia-10\"}}",
                        "Request body is not valid JSON (line 3)"),
                Arguments.of("deeply nested JSON", good.replaceFirst("\\{", "{\"deep\":" + deepArrays + ","),
                        "Request body nests JSON deeper than 100 levels"),
                Arguments.of("deeply nested FHIR resource", good.replaceFirst("\"resourceType\":\"Patient\",",
                        "\"resourceType\":\"Patient\",\"extension\":[" + deepExtensions + "],"),
                        "Request body nests JSON deeper than 100 levels"),
                Arguments.of("a JSON array", "[" + good + "]", "Request body has the wrong type or value"),
                Arguments.of("an empty body", "", "request body is required"),
                Arguments.of("context of the wrong type", goodWith(request -> request.put("context", 5)),
                        "Request field 'context' has the wrong type or value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    @Order(1)
    void unreadableBodyIs400NamingTheProblem(String what, String body, String message) throws Exception {
        assertThat(badRequest(call(SELECT, body))).isEqualTo(message);
    }

    @Test
    @Order(1)
    void trailingContentAfterJsonIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> {}) + " {\"hook\": \"order-sign\"}");
        assertThat(badRequest(result)).startsWith("Request body is not valid JSON");
    }

    @Test
    @Order(1)
    void selectionsOfWrongTypeIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> context(request).putObject("selections")));
        assertThat(badRequest(result)).isEqualTo("Request field 'context.selections' has the wrong type or value");
    }

    @Test
    @Order(1)
    void unknownFhirResourceTypeInPrefetchIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> ((ObjectNode) request.get("prefetch"))
                .putObject("patient").put("resourceType", "Pateint").put("id", "pat-jia-10")));
        String message = badRequest(result);
        assertThat(message).startsWith("Request field 'prefetch.patient' is not a valid FHIR R4 resource").contains("Pateint");
    }

    @Test
    @Order(1)
    void prefetchResourceWithoutResourceTypeIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> ((ObjectNode) request.get("prefetch"))
                .putObject("conditions").put("type", "searchset")));
        assertThat(badRequest(result)).startsWith("Request field 'prefetch.conditions' is not a valid FHIR R4 resource");
    }

    @Test
    @Order(1)
    void draftOrdersThatIsNotABundleIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> context(request).putObject("draftOrders")
                .put("resourceType", "ServiceRequest").put("id", "xr-spine-1").put("status", "draft").put("intent", "order")));
        assertThat(badRequest(result)).isEqualTo("Request field 'context.draftOrders' must be a FHIR Bundle but is a ServiceRequest");
    }

    @Test
    @Order(1)
    void draftOrdersThatIsNotAnObjectIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> context(request).put("draftOrders", "ServiceRequest/xr-spine-1")));
        assertThat(badRequest(result)).isEqualTo("Request field 'context.draftOrders' has the wrong type or value");
    }

    @Test
    @Order(1)
    void hookNotMatchingTheServiceIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> request.put("hook", "order-sign")));
        assertThat(badRequest(result)).isEqualTo(
                "hook 'order-sign' does not match service 'jia-spine-followup-order-select', which answers 'order-select'");
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("hook", (Consumer<ObjectNode>) request -> request.remove("hook"), "hook is required"),
                Arguments.of("hookInstance", (Consumer<ObjectNode>) request -> request.remove("hookInstance"), "hookInstance is required"),
                Arguments.of("blank hookInstance", (Consumer<ObjectNode>) request -> request.put("hookInstance", " "), "hookInstance is required"),
                Arguments.of("context", (Consumer<ObjectNode>) request -> request.remove("context"), "context is required"),
                Arguments.of("context.patientId", (Consumer<ObjectNode>) request -> context(request).remove("patientId"),
                        "context.patientId is required"),
                Arguments.of("context.userId", (Consumer<ObjectNode>) request -> context(request).remove("userId"),
                        "context.userId is required"),
                Arguments.of("context.draftOrders", (Consumer<ObjectNode>) request -> context(request).remove("draftOrders"),
                        "context.draftOrders is required"),
                Arguments.of("context.selections", (Consumer<ObjectNode>) request -> context(request).remove("selections"),
                        "context.selections is required for order-select"),
                Arguments.of("empty context.selections", (Consumer<ObjectNode>) request -> context(request).putArray("selections"),
                        "context.selections is required for order-select"));
    }

    @ParameterizedTest(name = "missing {0}")
    @MethodSource("missingFields")
    @Order(1)
    void missingRequiredFieldIs400(String field, Consumer<ObjectNode> change, String expectedMessage) throws Exception {
        MvcResult result = call(SELECT, goodWith(change));
        assertThat(badRequest(result)).isEqualTo(expectedMessage);
    }

    @Test
    @Order(1)
    void selectionNotInDraftOrdersIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> ((ArrayNode) context(request).get("selections"))
                .removeAll().add("ServiceRequest/not-a-draft")));
        assertThat(badRequest(result)).isEqualTo(
                "context.selections entry 'ServiceRequest/not-a-draft' is not a resource in context.draftOrders");
    }

    @Test
    @Order(1)
    void draftOrderWithoutIdIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> ((ObjectNode) context(request)
                .at("/draftOrders/entry/0/resource")).remove("id")));
        assertThat(badRequest(result)).isEqualTo("context.draftOrders.entry[0] (ServiceRequest) has no id");
    }

    @Test
    void twoDraftOrdersWithOneIdAre400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> {
            ArrayNode entries = (ArrayNode) context(request).at("/draftOrders/entry");
            entries.add(entries.get(0).deepCopy());
        }));
        assertThat(badRequest(result)).matches("context\\.draftOrders\\.entry\\[[1-9]\\d*] repeats the id of another draft: ServiceRequest/\\S+");
    }

    @Test
    @Order(1)
    void plainHttpFhirServerIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> request.put("fhirServer", "http://ehr.example.org/fhir")));
        assertThat(badRequest(result)).isEqualTo(
                "fhirServer must use https (plain http only for hosts in cds.fhir-server.allowed-insecure-hosts)");
    }

    @Test
    @Order(1)
    void relativeFhirServerIs400() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> request.put("fhirServer", "/fhir")));
        assertThat(badRequest(result)).isEqualTo("fhirServer must be an absolute https URL");
    }

    @Test
    @Order(1)
    void missingPatientPrefetchWithoutFhirServerIs412() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> ((ObjectNode) request.get("prefetch")).remove("patient")));
        String message = error(result, 412, "Precondition Failed");
        assertThat(message).isEqualTo("Required data is neither prefetched nor obtainable from fhirServer: patient");
    }

    @Test
    @Order(1)
    void patientPrefetchOfAnotherPatientIs412() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> ((ObjectNode) request.at("/prefetch/patient")).put("id", "someone-else")));
        assertThat(error(result, 412, "Precondition Failed"))
                .isEqualTo("Required data is neither prefetched nor obtainable from fhirServer: patient");
    }

    @Test
    @Order(1)
    void textPlainIs415() throws Exception {
        MvcResult result = call(SELECT, goodWith(request -> {}), MediaType.TEXT_PLAIN);
        assertThat(error(result, 415, "Unsupported Media Type")).isEqualTo("Content-Type must be application/json");
    }

    @Test
    @Order(1)
    void notAcceptableIs406WithJsonBody() throws Exception {
        MvcResult result = mvc.perform(post("/cds-services/" + SELECT).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_XML).content(goodWith(request -> {}))).andReturn();
        assertThat(error(result, 406, "Not Acceptable")).isEqualTo("This service answers application/json only");
    }

    /** Runs after every error case above: none of them left the service unable to answer a good call. */
    @Test
    @Order(2)
    void goodRequestStillAnswers200WithOneCard() throws Exception {
        uuids.reset();
        MvcResult result = call(SELECT, Files.readString(GOOD_REQUEST));
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        JsonNode cards = MAPPER.readTree(body).get("cards");
        assertThat(cards).hasSize(1);
        assertThat(cards.get(0).get("indicator").asText()).isEqualTo("warning");
        assertThat(cards.get(0).get("summary").asText()).startsWith("Radiography complete spine is Usually not appropriate");
    }

    /**
     * A body over {@code cds.max-request-size} gets 413 whether it declares its length (refused before reading)
     * or is sent chunked (cut off while reading). Runs on a real server so that chunked transfer is real.
     */
    @Nested
    @NestedTestConfiguration(NestedTestConfiguration.EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cds.max-request-size=2KB")
    @AutoConfigureMockMvc
    @Import(FixedClockAndUuids.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class RequestSizeLimit {

        static final int LIMIT = 2048;
        static final String TOO_LARGE = "Request body is larger than 2048 bytes";

        @Autowired
        MockMvc mvc;

        @LocalServerPort
        int port;

        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        byte[] largeBody() throws Exception {
            byte[] body = Files.readAllBytes(GOOD_REQUEST);
            assertThat(body.length).isGreaterThan(LIMIT);
            return body;
        }

        HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cds-services/" + SELECT))
                    .header("Content-Type", "application/json")
                    .POST(body)
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        static String tooLarge(HttpResponse<String> response) throws Exception {
            return assertError(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(),
                    413, "Payload Too Large");
        }

        @Test
        @Order(1)
        void declaredContentLengthOverLimitIs413MockMvc() throws Exception {
            MvcResult result = mvc.perform(post("/cds-services/" + SELECT)
                    .contentType(MediaType.APPLICATION_JSON).content(largeBody())).andReturn();
            assertThat(assertError(result.getResponse().getStatus(), result.getResponse().getContentType(),
                    result.getResponse().getContentAsString(), 413, "Payload Too Large")).isEqualTo(TOO_LARGE);
        }

        @Test
        @Order(1)
        void declaredContentLengthOverLimitIs413() throws Exception {
            HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofByteArray(largeBody()));
            assertThat(tooLarge(response)).isEqualTo(TOO_LARGE);
        }

        @Test
        @Order(1)
        void chunkedBodyOverLimitIs413() throws Exception {
            byte[] body = largeBody();
            // An InputStream publisher has no known length: the client sends Transfer-Encoding: chunked.
            HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            assertThat(response.request().headers().firstValue("Content-Length")).isEmpty();
            assertThat(tooLarge(response)).isEqualTo(TOO_LARGE);
        }

        @Test
        @Order(1)
        void chunkedBodyOverLimitInsideAFhirResourceIs413() throws Exception {
            // The limit is passed while HAPI's deserializer reads prefetch: the error must still be 413, not 400 or 500.
            ObjectNode request = MAPPER.createObjectNode();
            request.put("hook", "order-select").put("hookInstance", "h-1");
            request.putObject("prefetch").putObject("patient").put("resourceType", "Patient").put("id", "pat-jia-10")
                    .putArray("name").addObject().put("text", "x".repeat(4 * LIMIT));
            byte[] body = MAPPER.writeValueAsBytes(request);
            HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            assertThat(tooLarge(response)).isEqualTo(TOO_LARGE);
        }

        /** After the refusals, a request under the limit is read and answered normally. */
        @Test
        @Order(2)
        void requestUnderLimitStillAnswers200() throws Exception {
            ObjectNode small = (ObjectNode) MAPPER.readTree(Files.readString(SMALL_REQUEST));
            ((ObjectNode) small.get("prefetch")).remove("medications");
            ((ObjectNode) small.get("prefetch")).remove("observations");
            byte[] body = MAPPER.writeValueAsBytes(small);
            assertThat(body.length).isLessThanOrEqualTo(LIMIT);
            HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            // The whole answer the golden scenario stores for this request (the prefetch left out is not used for it).
            org.skyscreamer.jsonassert.JSONAssert.assertEquals(
                    Files.readString(SMALL_REQUEST.resolveSibling("expected-response.json")), response.body(),
                    org.skyscreamer.jsonassert.JSONCompareMode.STRICT);
        }
    }
}

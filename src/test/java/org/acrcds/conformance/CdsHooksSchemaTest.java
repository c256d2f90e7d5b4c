package org.acrcds.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * CDS Hooks 2.0 conformance of the JSON this server exchanges, against JSON Schemas written from the specification
 * (src/test/resources/conformance/schema/): the live discovery response, every golden scenario request and
 * response, and feedback examples. Rules a schema cannot express (or that this project adds) are checked in Java
 * on every golden response: summary under 140 characters, selectionBehavior with suggestions, several recommended
 * suggestions only with selectionBehavior "any", a display on every override reason, card and suggestion uuids
 * present and unique, and no null or empty value anywhere. Broken
 * fixtures in src/test/resources/conformance/broken/ prove each check can fail. The server serves the shipped content and
 * the demonstration pack together, so that the demo variant's golden requests find their services.
 */
@SpringBootTest(properties = "cds.content-location=classpath:,classpath:demo-variant/")
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class CdsHooksSchemaTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final Path SITE_SCENARIOS = Path.of("src/test/resources/site-scenarios");
    static final Path DEMO_SCENARIOS = Path.of("src/test/resources/demo-variant-scenarios");
    static final Path CONFORMANCE = Path.of("src/test/resources/conformance");
    static final Path BROKEN = CONFORMANCE.resolve("broken");

    /** Duplicate keys are a JSON defect the tree model would hide: fail on them. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    @Autowired
    MockMvc mvc;

    @BeforeAll
    static void loadSchemas() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        // format (uri, uuid, date-time) is only an annotation in 2020-12 unless assertions are switched on.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (String name : List.of("discovery", "request", "response", "feedback")) {
            try (InputStream in = Files.newInputStream(CONFORMANCE.resolve("schema/" + name + ".schema.json"))) {
                SCHEMAS.put(name, factory.getSchema(in, config));
            }
        }
    }

    /** Schema violations, each as "keyword at /json/pointer: message" (the root is "/"), sorted. */
    static List<String> schemaErrors(String schema, JsonNode document) {
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : SCHEMAS.get(schema).validate(document)) {
            String location = message.getInstanceLocation().toString();
            errors.add(message.getType() + " at " + (location.isEmpty() ? "/" : location) + ": " + message.getError());
        }
        errors.sort(null);
        return errors;
    }

    /** Just "keyword at instance-location", for precise assertions on broken fixtures. */
    static List<String> schemaErrorKeys(String schema, JsonNode document) {
        return schemaErrors(schema, document).stream().map(error -> error.substring(0, error.indexOf(": "))).toList();
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** The named file of every golden scenario, those answered to configured sites and by the demo variant included. */
    static Stream<Path> scenarioFiles(String name) throws IOException {
        try (Stream<Path> files = Stream.of(SCENARIOS, SITE_SCENARIOS, DEMO_SCENARIOS).flatMap(CdsHooksSchemaTest::walk)) {
            return files.filter(file -> file.getFileName().toString().equals(name)).sorted().toList().stream();
        }
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Path> goldenRequests() throws IOException {
        return scenarioFiles("request.json");
    }

    static Stream<Path> goldenResponses() throws IOException {
        return scenarioFiles("expected-response.json");
    }

    static Stream<Path> feedbackExamples() throws IOException {
        try (Stream<Path> files = Files.list(CONFORMANCE.resolve("feedback"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    // Discovery

    @Test
    void discoveryResponseConformsToTheSpecification() throws Exception {
        MvcResult result = mvc.perform(get("/cds-services").accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(MediaType.parseMediaType(result.getResponse().getContentType()).isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
        JsonNode discovery = JSON.readTree(result.getResponse().getContentAsString());

        assertThat(schemaErrors("discovery", discovery)).as("GET /cds-services against discovery.schema.json").isEmpty();
        assertThat(nullOrEmptyValues(discovery, Set.of("services"))).as("GET /cds-services: null or empty values").isEmpty();
        List<String> ids = new ArrayList<>();
        discovery.path("services").forEach(service -> ids.add(service.path("id").asText()));
        assertThat(ids).as("service ids (each is the {id} of a distinct URL)").isNotEmpty().doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRequests")
    void goldenRequestTargetsAServiceOfItsHookAndOnlySendsItsPrefetchKeys(Path file) throws Exception {
        String serviceId = Files.readString(file.resolveSibling("service.txt")).trim();
        JsonNode discovery = JSON.readTree(mvc.perform(get("/cds-services")).andReturn().getResponse().getContentAsString());
        JsonNode service = null;
        for (JsonNode candidate : discovery.path("services")) {
            if (serviceId.equals(candidate.path("id").asText())) {
                service = candidate;
            }
        }
        assertThat(service).as("%s: service '%s' in discovery", file, serviceId).isNotNull();
        JsonNode request = read(file);
        assertThat(request.path("hook").asText()).as("%s: hook of service %s", file, serviceId).isEqualTo(service.path("hook").asText());
        // "services SHALL only receive the data they requested in their prefetch"
        Set<String> offered = new HashSet<>();
        service.path("prefetch").fieldNames().forEachRemaining(offered::add);
        List<String> sent = new ArrayList<>();
        request.path("prefetch").fieldNames().forEachRemaining(sent::add);
        assertThat(offered).as("%s: prefetch keys sent vs requested by %s", file, serviceId).containsAll(sent);
    }

    // Requests, responses, feedback against the schemas

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenRequests")
    void goldenRequestConformsToRequestSchema(Path file) throws IOException {
        assertThat(schemaErrors("request", read(file))).as("%s against request.schema.json", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenResponses")
    void goldenResponseConformsToResponseSchema(Path file) throws IOException {
        assertThat(schemaErrors("response", read(file))).as("%s against response.schema.json", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenResponses")
    void goldenResponseFollowsTheRulesASchemaCannotExpress(Path file) throws IOException {
        assertThat(responseRuleViolations(read(file))).as("%s: CDS Hooks response rules", file).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feedbackExamples")
    void feedbackExampleConformsToFeedbackSchema(Path file) throws IOException {
        assertThat(schemaErrors("feedback", read(file))).as("%s against feedback.schema.json", file).isEmpty();
    }

    /**
     * A request beyond the golden scenarios, for the longest procedure name in the card template with the longest
     * fixed summary text: a bone scan with SPECT/CT ordered for a child with an MR-unsafe implant.
     */
    @Test
    void liveResponseForBoneScanWithMrUnsafeImplantConforms() throws Exception {
        Path file = CONFORMANCE.resolve("probes/order-sign-bone-scan-with-mr-unsafe-implant.json");
        assertThat(schemaErrors("request", read(file))).as("%s against request.schema.json", file).isEmpty();

        MvcResult result = mvc.perform(post("/cds-services/jia-spine-followup-order-sign")
                .contentType(MediaType.APPLICATION_JSON).content(Files.readString(file))).andReturn();
        String body = result.getResponse().getContentAsString();
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        JsonNode response = JSON.readTree(body);
        assertThat(response.path("cards").findValuesAsText("code")).as("the card this probe is meant to produce")
                .contains("JIASPINEMRIUNSAFEALT");

        assertThat(schemaErrors("response", response)).as("response to %s against response.schema.json", file).isEmpty();
        assertThat(responseRuleViolations(response)).as("response to %s: CDS Hooks response rules", file).isEmpty();
    }

    // Rules checked in Java

    /**
     * Response rules beyond the schema, as "json.path: problem". Card and suggestion uuids are OPTIONAL in the
     * specification, but this service offers a feedback endpoint, and feedback can only name cards and suggestions
     * by uuid ("If either the card or the suggestion has no uuid, the CDS Client does not send a notification"), so
     * this project requires them, unique within the response.
     */
    static List<String> responseRuleViolations(JsonNode response) {
        List<String> violations = new ArrayList<>(nullOrEmptyValues(response, Set.of("cards")));
        Set<String> uuids = new HashSet<>();
        JsonNode cards = response.path("cards");
        for (int c = 0; c < cards.size(); c++) {
            JsonNode card = cards.get(c);
            String where = "cards[" + c + "]";
            checkUuid(card, where, uuids, violations);
            JsonNode summary = card.path("summary");
            if (summary.isTextual()) {
                int length = summary.asText().codePointCount(0, summary.asText().length());
                if (length >= 140) {
                    violations.add(where + ".summary: " + length + " characters, must be fewer than 140");
                }
            }
            JsonNode suggestions = card.path("suggestions");
            if (suggestions.isArray() && !suggestions.isEmpty() && !card.path("selectionBehavior").isTextual()) {
                violations.add(where + ": suggestions without selectionBehavior");
            }
            int recommended = 0;
            for (int s = 0; s < suggestions.size(); s++) {
                checkUuid(suggestions.get(s), where + ".suggestions[" + s + "]", uuids, violations);
                recommended += suggestions.get(s).path("isRecommended").asBoolean(false) ? 1 : 0;
            }
            // "Multiple suggestions MAY be recommended, if card.selectionBehavior is any."
            if (recommended > 1 && !"any".equals(card.path("selectionBehavior").asText())) {
                violations.add(where + ": " + recommended + " suggestions recommended, only allowed with selectionBehavior 'any'");
            }
            JsonNode reasons = card.path("overrideReasons");
            for (int r = 0; r < reasons.size(); r++) {
                if (reasons.get(r).path("display").asText("").isBlank()) {
                    violations.add(where + ".overrideReasons[" + r + "]: override reason without display");
                }
            }
        }
        return violations;
    }

    private static void checkUuid(JsonNode node, String where, Set<String> seen, List<String> violations) {
        String uuid = node.path("uuid").asText("");
        if (uuid.isBlank()) {
            violations.add(where + ".uuid: missing");
        } else if (!seen.add(uuid)) {
            violations.add(where + ".uuid: duplicate " + uuid);
        }
    }

    /**
     * "JSON elements SHALL NOT be null [or] empty, unless otherwise specified": every null, "", [] and {} anywhere
     * in the document (FHIR resources included: FHIR JSON forbids them too), except at the given top-level fields.
     */
    static List<String> nullOrEmptyValues(JsonNode document, Set<String> emptyArraysAllowedAt) {
        List<String> found = new ArrayList<>();
        collectNullOrEmpty(document, "", emptyArraysAllowedAt, found);
        return found;
    }

    private static void collectNullOrEmpty(JsonNode node, String path, Set<String> allowed, List<String> found) {
        String where = path.isEmpty() ? "(document)" : path;
        if (node.isNull()) {
            found.add(where + ": null");
        } else if (node.isTextual() && node.asText().isEmpty()) {
            found.add(where + ": empty string");
        } else if (node.isArray()) {
            if (node.isEmpty() && !allowed.contains(path)) {
                found.add(where + ": empty array");
            }
            for (int i = 0; i < node.size(); i++) {
                collectNullOrEmpty(node.get(i), path + "[" + i + "]", allowed, found);
            }
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                found.add(where + ": empty object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                collectNullOrEmpty(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), allowed, found);
            }
        }
    }

    // The checks can fail

    @Test
    void summaryOf150CharactersIsRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-summary-150-characters.json"));
        assertThat(responseRuleViolations(broken)).containsExactly("cards[0].summary: 150 characters, must be fewer than 140");
        assertThat(schemaErrorKeys("response", broken)).containsExactly("maxLength at /cards/0/summary");
    }

    @Test
    void cardWithoutSourceLabelIsRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-card-without-source-label.json"));
        assertThat(schemaErrors("response", broken)).singleElement().asString()
                .startsWith("required at /cards/0/source: ").contains("label");
    }

    @Test
    void suggestionsWithoutSelectionBehaviorAreRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-suggestions-without-selectionBehavior.json"));
        assertThat(responseRuleViolations(broken)).containsExactly("cards[0]: suggestions without selectionBehavior");
        assertThat(schemaErrors("response", broken)).singleElement().asString()
                .startsWith("dependentRequired at /cards/0: ").contains("selectionBehavior");
    }

    @Test
    void severalRecommendedSuggestionsWithAtMostOneAreRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-at-most-one-with-two-recommended-suggestions.json"));
        assertThat(responseRuleViolations(broken))
                .containsExactly("cards[0]: 2 suggestions recommended, only allowed with selectionBehavior 'any'");
        assertThat(schemaErrors("response", broken)).isEmpty();
    }

    @Test
    void overrideReasonWithoutDisplayIsRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-override-reason-without-display.json"));
        assertThat(responseRuleViolations(broken)).containsExactly("cards[0].overrideReasons[1]: override reason without display");
        assertThat(schemaErrors("response", broken)).singleElement().asString()
                .startsWith("required at /cards/0/overrideReasons/1: ").contains("display");
    }

    @Test
    void missingAndDuplicateUuidsAreRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-missing-and-duplicate-uuids.json"));
        assertThat(responseRuleViolations(broken)).containsExactly(
                "cards[0].uuid: missing",
                "cards[1].suggestions[0].uuid: duplicate 00000000-0000-4000-8000-000000000003",
                "cards[2].suggestions[0].uuid: missing");
        // Optional in the specification, so the schema accepts it: this is what the Java rule is for.
        assertThat(schemaErrors("response", broken)).isEmpty();
    }

    @Test
    void nullAndEmptyValuesAreRejectedAnywhere() throws IOException {
        JsonNode broken = read(BROKEN.resolve("response-null-and-empty-values.json"));
        assertThat(responseRuleViolations(broken)).containsExactlyInAnyOrder(
                "cards[0].detail: null",
                "cards[0].links: empty array",
                "cards[0].source.topic: empty object",
                "cards[0].suggestions[0].actions[0].resource.note: empty array",
                "cards[0].suggestions[0].actions[0].resource.subject.display: empty string",
                "systemActions: empty array");
        // The schema sees those outside FHIR resources only.
        assertThat(schemaErrorKeys("response", broken)).contains(
                "type at /cards/0/detail",
                "minItems at /cards/0/links",
                "minItems at /systemActions")
                .noneMatch(key -> key.contains("/resource/"));
    }

    @Test
    void emptyCardsArrayIsTheOneAllowedEmptyValue() throws IOException {
        JsonNode noGuidance = JSON.readTree("{\"cards\": []}");
        assertThat(responseRuleViolations(noGuidance)).isEmpty();
        assertThat(schemaErrors("response", noGuidance)).isEmpty();
        assertThat(schemaErrorKeys("response", JSON.readTree("{}"))).containsExactly("required at /");
    }

    @Test
    void requestWithBadHookInstanceAndWithoutSelectionsOrFhirServerIsRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("request-order-select-bad-hookInstance-no-selections-no-fhirServer.json"));
        assertThat(schemaErrors("request", broken)).satisfiesExactlyInAnyOrder(
                error -> assertThat(error).startsWith("format at /hookInstance: ").contains("uuid"),
                error -> assertThat(error).startsWith("dependentRequired at /: ").contains("fhirServer"),
                error -> assertThat(error).startsWith("required at /context: ").contains("selections"));
    }

    @Test
    void discoveryServiceWithoutIdIsRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("discovery-service-without-id.json"));
        assertThat(schemaErrors("discovery", broken)).singleElement().asString()
                .startsWith("required at /services/0: ").contains("id");
    }

    @Test
    void acceptedFeedbackWithoutSuggestionsIsRejected() throws IOException {
        JsonNode broken = read(BROKEN.resolve("feedback-accepted-without-suggestions.json"));
        assertThat(schemaErrors("feedback", broken)).singleElement().asString()
                .startsWith("required at /feedback/0: ").contains("acceptedSuggestions");
    }

    // The schemas and the server agree: a value one takes, the other takes too.

    static Stream<Arguments> hookInstances() {
        return Stream.of(Arguments.of("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", true), Arguments.of("D1577C69-DFBE-44AD-BA6D-3E05E953B2EA", true),
                Arguments.of("d1577c69-dfbe-44ad-ba6d", false), Arguments.of("h-1", false),
                Arguments.of("d1577c69dfbe44adba6d3e05e953b2ea", false), Arguments.of("{d1577c69-dfbe-44ad-ba6d-3e05e953b2ea}", false));
    }

    @ParameterizedTest(name = "hookInstance {0}")
    @MethodSource("hookInstances")
    void theRequestSchemaAndTheServerAgreeOnHookInstance(String hookInstance, boolean valid) throws Exception {
        Path vignette = SCENARIOS.resolve("vignette-radiograph-order-select");
        ObjectNode request = (ObjectNode) read(vignette.resolve("request.json"));
        request.put("hookInstance", hookInstance);

        MvcResult answer = mvc.perform(post("/cds-services/" + Files.readString(vignette.resolve("service.txt")).trim())
                .contentType(MediaType.APPLICATION_JSON).content(request.toString())).andReturn();

        assertThat(schemaErrors("request", request).isEmpty()).as("the schema takes it").isEqualTo(valid);
        assertThat(answer.getResponse().getStatus()).as(answer.getResponse().getContentAsString()).isEqualTo(valid ? 200 : 400);
    }

    static Stream<Arguments> outcomeTimestamps() {
        return Stream.of(Arguments.of("2026-11-27T10:00:00Z", true), Arguments.of("2026-11-27T10:00:00.52+01:00", true),
                // Not "-00:00" (RFC 3339's unknown local offset): the server takes it, the schema validator's
                // date-time check does not, although RFC 3339 allows it.
                Arguments.of("2026-11-27T10:00:00", false),
                Arguments.of("2026-11-27", false), Arguments.of("yesterday at ten", false));
    }

    @ParameterizedTest(name = "outcomeTimestamp {0}")
    @MethodSource("outcomeTimestamps")
    void theFeedbackSchemaAndTheServerAgreeOnOutcomeTimestamp(String outcomeTimestamp, boolean valid) throws Exception {
        JsonNode feedback = JSON.readTree("""
                {"feedback": [{"card": "card-agreement", "outcome": "overridden", "outcomeTimestamp": "%s"}]}""".formatted(outcomeTimestamp));

        MvcResult answer = mvc.perform(post("/cds-services/jia-spine-followup-order-sign/feedback")
                .contentType(MediaType.APPLICATION_JSON).content(feedback.toString())).andReturn();

        assertThat(schemaErrors("feedback", feedback).isEmpty()).as("the schema takes it").isEqualTo(valid);
        assertThat(answer.getResponse().getStatus()).as(answer.getResponse().getContentAsString()).isEqualTo(valid ? 200 : 400);
    }
}

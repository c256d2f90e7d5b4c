package org.acrcds.admin;

import org.acrcds.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.acrcds.ClientTokens;
import org.acrcds.FixedClockAndUuids;
import org.acrcds.audit.AuditQueue;
import org.acrcds.content.ContentVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The admin API's answers compared whole with stored files: decisions made by real hook calls of the golden scenarios
 * (two sites, over four weeks, with the fixed clock moved between calls) and feedback sent as CDS clients send it.
 * The only value replaced before comparing is the content digest (after checking it is the loaded content's), which
 * changes with every edit of the content. Run with -Dgolden.update=true to write changed expectations, then review
 * the diff like code.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminGoldenTest {

    static final boolean UPDATE = Boolean.getBoolean("golden.update");
    static final Path EXPECTED = Path.of("src/test/resources/admin");
    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    static final String TOKEN = "golden-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String PUBLIC_BASE = "https://cds.hospital.example.org";
    static final String ISSUER = "https://fhir.ehr-vendor.example.com";
    static final String REASONS = "http://example.org/fhir/acr-cds/CodeSystem/override-reason";
    static final ECKey KEY = ClientTokens.ecKey("golden");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    MockMvc mvc;

    @Autowired
    MovableClock clock;

    @Autowired
    FixedClockAndUuids.SequentialUuids uuids;

    @Autowired
    AuditQueue queue;

    @Autowired
    ContentVersion contentVersion;

    @DynamicPropertySource
    static void twoSitesOfOneVendor(DynamicPropertyRegistry registry) {
        registry.add("cds.admin.token", () -> TOKEN);
        registry.add("cds.security.enabled", () -> "true");
        registry.add("cds.security.public-base-url", () -> PUBLIC_BASE);
        String keys = new JWKSet(KEY.toPublicJWK()).toString();
        for (int site = 0; site < 2; site++) {
            String name = site == 0 ? "north" : "south";
            registry.add("cds.sites[" + site + "].id", () -> name);
            registry.add("cds.sites[" + site + "].tenant", () -> name + "-tenant");
            registry.add("cds.sites[" + site + "].issuers[0].issuer", () -> ISSUER);
            registry.add("cds.sites[" + site + "].issuers[0].jwks", () -> keys);
        }
    }

    /** Four weeks of decisions and their feedback; one more decision before the window, one feedback for no card. */
    @BeforeAll
    void recordDecisionsAndFeedback() throws Exception {
        uuids.reset();
        JsonNode before = call("2026-10-20T09:00:00Z", "north", "vignette-radiograph-order-select");
        feedback("north", before, 0, accepted(before, 0, "2026-10-20T09:01:00Z"));

        JsonNode radiograph = call("2026-11-03T09:00:00Z", "north", "vignette-radiograph-order-select");
        feedback("north", radiograph, 0, accepted(radiograph, 0, "2026-11-03T09:02:00Z"));
        JsonNode boneScan = call("2026-11-04T14:30:00Z", "north", "bone-scan-spect-ct-warning-four-radiation-symbols");
        feedback("north", boneScan, 0, overridden(boneScan, 0, "mri-unavailable", "2026-11-04T14:31:00Z"));

        JsonNode withoutContrast = call("2026-11-10T08:15:00Z", "south", "mri-lumbar-without-contrast-may-be-appropriate-info-card");
        feedback("south", withoutContrast, 0, overridden(withoutContrast, 0, "does-not-align-preferences", "2026-11-10T08:16:00Z"));
        // changed their mind: the latest outcome counts
        feedback("south", withoutContrast, 0, accepted(withoutContrast, 0, "2026-11-10T08:20:00Z"));
        JsonNode mixed = call("2026-11-12T16:45:00Z", "south", "order-sign-multiple-drafts-mixed-classes");
        feedback("south", mixed, 0, overridden(mixed, 0, null, "2026-11-12T16:46:00Z")); // the second card gets no feedback

        // no decision in the week of 2026-11-16; feedback for a card no decision has
        clock.set(Instant.parse("2026-11-18T12:00:00Z"));
        send("north", "/cds-services/jia-spine-followup-order-sign/feedback", """
                {"feedback": [{"card": "00000000-0000-4000-8000-999999999999", "outcome": "overridden",
                               "outcomeTimestamp": "2026-11-18T11:59:00Z"}]}""");

        JsonNode initialVariant = call("2026-11-24T11:00:00Z", "north", "back-pain-without-jia-single-initial-imaging-card");
        feedback("north", initialVariant, 0, overridden(initialVariant, 0, "cds-not-applicable", "2026-11-24T11:01:00Z"));
        call("2026-11-26T10:00:00Z", "north", "mri-complete-spine-loinc-appropriate-no-card");
        call("2026-11-27T23:59:59Z", "south", "knee-radiograph-with-known-jia-not-covered-no-rating");
        assertThat(queue.awaitWritten(java.time.Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    void resetClock() {
        clock.reset();
    }

    @Test
    void auditEventsOfAWindowAreTheStoredBundle() throws Exception {
        MvcResult result = admin("/admin/AuditEvent?date=ge2026-11-01&date=le2026-11-27");

        assertThat(result.getResponse().getContentType()).isEqualTo("application/fhir+json;charset=UTF-8");
        String digest = contentVersion.digest();
        assertThat(result.getResponse().getContentAsString()).contains(digest);
        assertGolden("audit-events.json", result.getResponse().getContentAsString().replace(digest, "${contentDigest}"));
    }

    @Test
    void theReportOfAWindowIsTheStoredReport() throws Exception {
        MvcResult result = admin("/admin/report?from=2026-11-01&to=2026-11-27");

        assertThat(result.getResponse().getContentType()).isEqualTo("application/json");
        assertGolden("report.json", result.getResponse().getContentAsString());
    }

    @Test
    void pagesFollowTheNextLinkWithoutGapOrOverlap() throws Exception {
        JsonNode whole = JSON.readTree(admin("/admin/AuditEvent?date=ge2026-11-01&date=le2026-11-27").getResponse().getContentAsString());
        List<String> paged = new ArrayList<>();
        String next = "/admin/AuditEvent?date=ge2026-11-01&date=le2026-11-27&_count=3";
        int pages = 0;
        while (next != null) {
            JsonNode page = JSON.readTree(admin(next).getResponse().getContentAsString());
            assertThat(page.get("total").asInt()).isEqualTo(7);
            page.get("entry").forEach(entry -> paged.add(entry.get("resource").get("id").asText()));
            next = null;
            for (JsonNode link : page.get("link")) {
                if (link.get("relation").asText().equals("next")) {
                    next = link.get("url").asText().substring(PUBLIC_BASE.length());
                }
            }
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(whole.findValues("resource").stream().map(resource -> resource.get("id").asText()).toList());
    }

    @Test
    void dateBoundsFollowTheFhirPrefixesOnUtcDays() throws Exception {
        assertThat(recordedTimes("/admin/AuditEvent?date=2026-11-04")).containsExactly("2026-11-04T14:30:00.000Z");
        assertThat(recordedTimes("/admin/AuditEvent?date=gt2026-11-04&date=lt2026-11-24")).containsExactly(
                "2026-11-10T08:15:00.000Z", "2026-11-12T16:45:00.000Z");
        assertThat(recordedTimes("/admin/AuditEvent?date=ge2026-11-27T23:59:59Z")).containsExactly("2026-11-27T23:59:59.000Z");
        // 10:00 at +01:00 is 09:00Z, the radiograph's time: lt excludes it, le includes its whole second
        assertThat(recordedTimes("/admin/AuditEvent?date=lt2026-11-03T10:00:00%2B01:00")).containsExactly("2026-10-20T09:00:00.000Z");
        assertThat(recordedTimes("/admin/AuditEvent?date=le2026-11-03T10:00:00%2B01:00")).containsExactly(
                "2026-10-20T09:00:00.000Z", "2026-11-03T09:00:00.000Z");
        assertThat(recordedTimes("/admin/AuditEvent?date=eq2026-10")).containsExactly("2026-10-20T09:00:00.000Z");
        assertThat(recordedTimes("/admin/AuditEvent")).hasSize(8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "date=xx2026-11-01|Parameter 'date' must be a FHIR date or dateTime with a time zone, prefixed ge, gt, le, lt or eq "
                    + "(at most one lower and one upper bound, lower before upper)",
            "date=ge2026-13-01|Parameter 'date' must be a FHIR date or dateTime with a time zone, prefixed ge, gt, le, lt or eq "
                    + "(at most one lower and one upper bound, lower before upper)",
            "date=ge2026-11-10&date=le2026-11-01|Parameter 'date' has its lower bound after its upper bound",
            "date=ge2026-11-01&date=ge2026-11-02|Parameter 'date' must be a FHIR date or dateTime with a time zone, prefixed ge, gt, "
                    + "le, lt or eq (at most one lower and one upper bound, lower before upper)",
            "date=ne2026-11-01|Parameter 'date' must be a FHIR date or dateTime with a time zone, prefixed ge, gt, le, lt or eq (not ne)",
            "date=ge2026-11-01T10:00:00|Parameter 'date' must be a FHIR date or dateTime with a time zone, prefixed ge, gt, le, lt "
                    + "or eq (a time needs its zone: Z or +hh:mm)",
            "date=|Parameter 'date' must be a FHIR date or dateTime with a time zone, prefixed ge, gt, le, lt or eq",
            "_count=-1|Parameter '_count' must be one whole number, 0 or more",
            "_count=ten|Parameter '_count' must be one whole number, 0 or more",
            "_offset=1.5|Parameter '_offset' must be one whole number, 0 or more",
            "_offset=1&_offset=2|Parameter '_offset' must be one whole number, 0 or more"})
    void aParameterThatCannotBeUsedIs400NamingIt(String query, String message) throws Exception {
        MvcResult result = mvc.perform(get("/admin/AuditEvent?" + query).header("Authorization", "Bearer " + TOKEN)).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(result.getResponse().getContentAsString()).get("message").asText()).isEqualTo(message);
    }

    @Test
    void aPageLargerThan1000IsMade1000() throws Exception {
        JsonNode page = JSON.readTree(admin("/admin/AuditEvent?_count=5000").getResponse().getContentAsString());

        assertThat(page.get("link").get(0).get("url").asText()).isEqualTo(PUBLIC_BASE + "/admin/AuditEvent?_count=1000&_offset=0");
        assertThat(page.get("entry")).hasSize(8);
    }

    @Test
    void aReportWindowOverAYearIs400() throws Exception {
        MvcResult result = mvc.perform(get("/admin/report?from=2025-01-01&to=2026-11-27").header("Authorization", "Bearer " + TOKEN))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentAsString()).contains("Parameter 'to' must be at most 366 days after from");
    }

    List<String> recordedTimes(String path) throws Exception {
        return JSON.readTree(admin(path).getResponse().getContentAsString()).findValues("recorded").stream().map(JsonNode::asText).toList();
    }

    MvcResult admin(String path) throws Exception {
        // as written: a URI template would encode the % of %2B once more
        MvcResult result = mvc.perform(get(URI.create(path)).header("Authorization", "Bearer " + TOKEN)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return result;
    }

    /** The scenario's request sent by the site's client at the given time; @return the hook's response */
    JsonNode call(String at, String site, String scenario) throws Exception {
        clock.set(Instant.parse(at));
        String service = Files.readString(SCENARIOS.resolve(scenario).resolve("service.txt")).trim();
        String response = send(site, "/cds-services/" + service, Files.readString(SCENARIOS.resolve(scenario).resolve("request.json")));
        JsonNode answer = JSON.readTree(response);
        ((com.fasterxml.jackson.databind.node.ObjectNode) answer).put("service", service);
        return answer;
    }

    void feedback(String site, JsonNode answer, int card, String entry) throws Exception {
        send(site, "/cds-services/" + answer.get("service").asText() + "/feedback", "{\"feedback\": [" + entry + "]}");
    }

    /** The clinician acts a minute or so after the card was shown; feedback is received at that time. */
    String accepted(JsonNode answer, int card, String at) {
        clock.set(Instant.parse(at));
        JsonNode shown = answer.get("cards").get(card);
        return """
                {"card": "%s", "outcome": "accepted", "acceptedSuggestions": [{"id": "%s"}], "outcomeTimestamp": "%s"}"""
                .formatted(shown.get("uuid").asText(), shown.get("suggestions").get(0).get("uuid").asText(), at);
    }

    String overridden(JsonNode answer, int card, String reason, String at) {
        clock.set(Instant.parse(at));
        String overrideReason = reason == null ? ""
                : ", \"overrideReason\": {\"reason\": {\"system\": \"%s\", \"code\": \"%s\"}, \"userComment\": \"not stored\"}"
                        .formatted(REASONS, reason);
        return """
                {"card": "%s", "outcome": "overridden"%s, "outcomeTimestamp": "%s"}"""
                .formatted(answer.get("cards").get(card).get("uuid").asText(), overrideReason, at);
    }

    String send(String site, String path, String body) throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(PUBLIC_BASE + path).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString()).claim("tenant", site + "-tenant")
                .build();
        MvcResult result = mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("Authorization", "Bearer " + ClientTokens.signed(KEY, claims, header -> {}))).andReturn();
        assertThat(result.getResponse().getStatus()).as(path + ": " + result.getResponse().getContentAsString()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    static void assertGolden(String name, String actual) throws Exception {
        Path expected = EXPECTED.resolve(name);
        if (UPDATE) {
            Files.writeString(expected, JSON.writeValueAsString(JSON.readTree(actual)) + "\n");
        }
        assertThat(expected).as("missing %s (run with -Dgolden.update=true)", expected).exists();
        JSONAssert.assertEquals(Files.readString(expected), actual, JSONCompareMode.STRICT);
    }
}

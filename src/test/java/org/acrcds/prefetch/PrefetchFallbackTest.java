package org.acrcds.prefetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.acrcds.FixedClockAndUuids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The EHR's FHIR server (WireMock) answers the prefetch keys the request left out. The vignette's data, served
 * this way, must give exactly the vignette's golden response.
 */
@SpringBootTest(properties = {"cds.fhir-server.deadline=1500ms", "cds.fhir-server.read-timeout=1200ms"})
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class PrefetchFallbackTest {

    static final Path VIGNETTE = Path.of("src/test/resources/scenarios/vignette-radiograph-order-select");
    static final String TOKEN = "test-access-token";
    static final List<String> KEYS = List.of("patient", "conditions", "observations", "medications", "devices");
    static final WireMockServer ehr = new WireMockServer(wireMockConfig().dynamicPort());

    @Autowired
    MockMvc mvc;
    @Autowired
    ObjectMapper json;
    @Autowired
    FixedClockAndUuids.SequentialUuids uuids;

    ObjectNode vignette;

    @BeforeAll
    static void startEhr() {
        ehr.start();
    }

    @AfterAll
    static void stopEhr() {
        ehr.stop();
    }

    @BeforeEach
    void serveVignetteRecord() throws Exception {
        ehr.resetAll();
        uuids.reset();
        vignette = (ObjectNode) json.readTree(Files.readString(VIGNETTE.resolve("request.json")));
        JsonNode prefetch = vignette.get("prefetch");
        serve("/fhir/Patient/pat-jia-10", prefetch.get("patient"), 0);
        serve("/fhir/Condition", prefetch.get("conditions"), 0);
        serve("/fhir/Observation", prefetch.get("observations"), 0);
        serve("/fhir/MedicationRequest", prefetch.get("medications"), 0);
        serve("/fhir/Device", emptyBundle(), 0);
    }

    void serve(String path, JsonNode body, int delayMillis) {
        ehr.stubFor(get(urlPathEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json")
                        .withBody(body.toString()).withFixedDelay(delayMillis)));
    }

    JsonNode emptyBundle() throws Exception {
        return json.readTree("{\"resourceType\": \"Bundle\", \"type\": \"searchset\", \"total\": 0}");
    }

    MvcResult callWithout(List<String> missingKeys) throws Exception {
        ObjectNode request = vignette.deepCopy();
        ObjectNode prefetch = (ObjectNode) request.get("prefetch");
        missingKeys.forEach(prefetch::remove);
        request.put("fhirServer", ehr.baseUrl() + "/fhir");
        request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "user/*.read").put("subject", "cds-service");
        return mvc.perform(post("/cds-services/jia-spine-followup-order-select")
                .contentType(MediaType.APPLICATION_JSON).content(request.toString())).andReturn();
    }

    String vignetteResponse() throws Exception {
        return Files.readString(VIGNETTE.resolve("expected-response.json"));
    }

    @Test
    void completePrefetchMakesNoCall() throws Exception {
        MvcResult result = callWithout(List.of());

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(ehr.getAllServeEvents()).isEmpty();
    }

    @Test
    void everyMissingKeyIsFetchedWithTheTokenAndGivesTheSameAnswer() throws Exception {
        MvcResult result = callWithout(KEYS);

        JSONAssert.assertEquals(vignetteResponse(), result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
        ehr.verify(getRequestedFor(urlPathEqualTo("/fhir/Condition")).withQueryParam("patient", equalTo("pat-jia-10"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(ehr.getAllServeEvents()).hasSize(5);
    }

    @Test
    void missingKeysAreFetchedInParallel() throws Exception {
        callWithout(KEYS); // warm-up: the first call of a JVM loads the HTTP client and engine classes
        uuids.reset();
        JsonNode prefetch = vignette.get("prefetch");
        serve("/fhir/Patient/pat-jia-10", prefetch.get("patient"), 400);
        serve("/fhir/Condition", prefetch.get("conditions"), 400);
        serve("/fhir/Observation", prefetch.get("observations"), 400);
        serve("/fhir/MedicationRequest", prefetch.get("medications"), 400);
        serve("/fhir/Device", emptyBundle(), 400);

        long started = System.nanoTime();
        MvcResult result = callWithout(KEYS);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        // Five 400 ms queries one after another would take 2 s; in parallel a little over 400 ms.
        JSONAssert.assertEquals(vignetteResponse(), result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
        assertThat(elapsedMillis).isLessThan(1200);
    }

    @Test
    void nullPrefetchMeansNoDataAndIsNeverFetched() throws Exception {
        MvcResult result = callWithout(List.of("patient"));

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(ehr.getAllServeEvents()).hasSize(1);
        ehr.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Device")));
    }

    @Test
    void followsSearchsetPages() throws Exception {
        JsonNode conditions = vignette.get("prefetch").get("conditions");
        ObjectNode firstPage = conditions.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) firstPage.get("entry")).remove(1);
        firstPage.putArray("link").addObject().put("relation", "next").put("url", ehr.baseUrl() + "/fhir/page2");
        ObjectNode secondPage = conditions.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) secondPage.get("entry")).remove(0);
        serve("/fhir/Condition", firstPage, 0);
        serve("/fhir/page2", secondPage, 0);

        MvcResult result = callWithout(List.of("conditions"));

        JSONAssert.assertEquals(vignetteResponse(), result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
        ehr.verify(getRequestedFor(urlPathEqualTo("/fhir/page2")));
    }

    @Test
    void requiredDataRefusedByTheServerGives412NamingIt() throws Exception {
        for (int status : new int[] {401, 403, 404, 500}) {
            ehr.stubFor(get(urlPathEqualTo("/fhir/Condition")).willReturn(aResponse().withStatus(status)));

            MvcResult result = callWithout(List.of("conditions"));

            assertThat(result.getResponse().getStatus()).as("FHIR server status %d", status).isEqualTo(412);
            assertThat(result.getResponse().getContentAsString()).contains("conditions").doesNotContain(TOKEN);
        }
    }

    @Test
    void redirectToAnotherHostIsNotFollowed() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Condition"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "http://attacker.invalid/fhir/Condition")));

        MvcResult result = callWithout(List.of("conditions"));

        assertThat(result.getResponse().getStatus()).isEqualTo(412);
    }

    @Test
    void unavailableObservationsWithholdTheRatingRatherThanGuess() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Observation")).willReturn(aResponse().withStatus(500)));

        MvcResult result = callWithout(List.of("observations"));

        // Infection cannot be ruled out without temperature, CRP and ESR: no card, no rating.
        JSONAssert.assertEquals("{\"cards\": []}", result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
    }

    @Test
    void queryPastTheDeadlineCountsAsUnavailable() throws Exception {
        serve("/fhir/Observation", vignette.get("prefetch").get("observations"), 3000);

        long started = System.nanoTime();
        MvcResult result = callWithout(List.of("observations"));

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2500);
        JSONAssert.assertEquals("{\"cards\": []}", result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
    }

    @Test
    void connectionResetAndMalformedJsonCountAsUnavailable() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Observation"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ehr.stubFor(get(urlPathEqualTo("/fhir/MedicationRequest"))
                .willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody("{\"resourceType\": \"Bundle\", ")));

        MvcResult result = callWithout(List.of("observations", "medications"));

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JSONAssert.assertEquals("{\"cards\": []}", result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
    }

    @Test
    void unavailableMedicationsStillAllowARating() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/fhir/MedicationRequest")).willReturn(aResponse().withStatus(503)));

        MvcResult result = callWithout(List.of("medications"));

        // Medications only add context notes; the vignette (no steroid) gives the same answer.
        JSONAssert.assertEquals(vignetteResponse(), result.getResponse().getContentAsString(), JSONCompareMode.STRICT);
    }
}

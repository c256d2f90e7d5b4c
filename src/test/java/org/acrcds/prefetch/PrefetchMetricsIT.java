package org.acrcds.prefetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.acrcds.PrometheusScrape;
import org.acrcds.RawHttp;
import org.acrcds.SecuredInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code cds.prefetch.keys} as a Prometheus scraper reads it from the running server: one call whose EHR prefetched
 * two keys and whose FHIR server (WireMock) answers one of the others, fails one and is too slow for the last. The read
 * timeout is longer than the deadline here, so that the slow query is cut by the deadline; the deadline is generous
 * and a first call warms the HTTP client up, so that only the slow query passes it on a busy machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cds.admin.token=" + PrefetchMetricsIT.ADMIN_TOKEN, "cds.fhir-server.deadline=5s", "cds.fhir-server.read-timeout=30s"})
@AutoConfigureObservability(tracing = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrefetchMetricsIT {

    static final String ADMIN_TOKEN = "prefetch-metrics-it-admin-token-0123456789";
    static final String SERVICE = "jia-spine-followup-order-select";

    final WireMockServer ehr = new WireMockServer(wireMockConfig().dynamicPort());

    @LocalServerPort
    int port;

    @BeforeAll
    void startTheEhrsFhirServerAndWarmUp() throws Exception {
        ehr.start();
        ObjectNode request = vignette();
        serve("/fhir/Observation", request.get("prefetch").get("observations").toString());
        ((ObjectNode) request.get("prefetch")).remove("observations");
        request.put("fhirServer", ehr.baseUrl() + "/fhir");
        assertThat(call(request).status()).isEqualTo(200);
    }

    ObjectNode vignette() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(SecuredInstance.vignette());
    }

    void serve(String path, String body) {
        ehr.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "application/fhir+json").withBody(body)));
    }

    RawHttp.Response call(ObjectNode request) throws Exception {
        return RawHttp.send(port, "POST", "/cds-services/" + SERVICE, request.toString());
    }

    @AfterAll
    void stopTheEhrsFhirServer() {
        ehr.stop();
    }

    @Test
    void eachPrefetchKeyIsCountedByWhereItsDataCameFrom() throws Exception {
        ObjectNode request = vignette();
        ObjectNode prefetch = (ObjectNode) request.get("prefetch");
        serve("/fhir/Observation", prefetch.get("observations").toString());
        ehr.stubFor(get(urlPathEqualTo("/fhir/MedicationRequest")).willReturn(aResponse().withStatus(500)));
        ehr.stubFor(get(urlPathEqualTo("/fhir/Device")).willReturn(aResponse().withFixedDelay(15_000)
                .withHeader("Content-Type", "application/fhir+json").withBody("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"}")));
        prefetch.retain("patient", "conditions");
        request.put("fhirServer", ehr.baseUrl() + "/fhir");
        PrometheusScrape before = PrometheusScrape.of(port, ADMIN_TOKEN);

        assertThat(call(request).status()).isEqualTo(200);

        PrometheusScrape after = PrometheusScrape.of(port, ADMIN_TOKEN);
        assertThat(outcome(before, after, "patient", "prefetched")).isEqualTo(1);
        assertThat(outcome(before, after, "conditions", "prefetched")).isEqualTo(1);
        assertThat(outcome(before, after, "observations", "fetched")).isEqualTo(1);
        assertThat(outcome(before, after, "medications", "unavailable")).isEqualTo(1);
        assertThat(outcome(before, after, "devices", "timed-out")).isEqualTo(1);
        assertThat(after.increase(before, "cds_prefetch_keys_total", "service", SERVICE)).as("one outcome per key").isEqualTo(5);
    }

    static double outcome(PrometheusScrape before, PrometheusScrape after, String key, String outcome) {
        return after.increase(before, "cds_prefetch_keys_total", "service", SERVICE, "hook", "order-select", "key", key, "outcome", outcome);
    }
}

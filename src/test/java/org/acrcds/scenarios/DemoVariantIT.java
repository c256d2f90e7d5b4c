package org.acrcds.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.acrcds.FixedClockAndUuids;
import org.acrcds.web.DiscoveryContract;
import org.hl7.fhir.r4.model.Library;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The demonstration variant (src/test/resources/demo-variant/, made up, not clinical guidance) served on its own by a
 * real server: content only, no Java of its own. Its services are discovered, its golden scenarios answered (cards,
 * suggestion, notes, patient card, PAMA ratings naming its own Library), and the shipped JIA services are absent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cds.content-location=classpath:demo-variant/")
@AutoConfigureMockMvc
@Import(FixedClockAndUuids.class)
class DemoVariantIT extends GoldenScenarios {

    static final Path PACK = Path.of("src/test/resources/demo-variant");
    static final Path SCENARIOS = Path.of("src/test/resources/demo-variant-scenarios");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RATING = "http://fhir.org/argonaut/Extension/pama-rating";
    static final String AUC_APPLIED = "http://fhir.org/argonaut/Extension/pama-rating-auc-applied";

    @LocalServerPort
    int port;

    @Override
    Path root() {
        return SCENARIOS;
    }

    @Test
    void discoveryOverHttpListsTheDemoServicesAndNoShippedOne() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cds-services")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> served = new TreeSet<>();
        JSON.readTree(response.body()).get("services").forEach(service -> served.add(service.get("id").asText()));

        assertThat(served).isEqualTo(DiscoveryContract.serviceIds(PACK)).doesNotContainAnyElementsOf(DiscoveryContract.serviceIds(Path.of(".")));
    }

    /** The stored answers (which the scenarios compare with the live ones) rate with the demo Library's criteria. */
    @Test
    void ratingsNameTheDemoLibraryAndBothRatingsOccur() throws Exception {
        Library library = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().parseResource(Library.class,
                Files.readString(PACK.resolve("fhir-resources/resources/Library-DemoWidgetImaging.json")));
        String criteria = library.getUrl() + "|" + library.getVersion();
        List<String> ratings = new ArrayList<>();
        for (String scenario : scenarios().toList()) {
            JsonNode expected = JSON.readTree(SCENARIOS.resolve(scenario).resolve("expected-response.json").toFile());
            for (JsonNode action : expected.path("systemActions")) {
                for (JsonNode extension : action.path("resource").path("extension")) {
                    if (RATING.equals(extension.path("url").asText())) {
                        ratings.add(extension.path("valueCodeableConcept").path("coding").path(0).path("code").asText());
                    } else if (AUC_APPLIED.equals(extension.path("url").asText())) {
                        assertThat(extension.path("valueUri").asText()).as(scenario).isEqualTo(criteria);
                    }
                }
            }
        }
        assertThat(ratings).contains("appropriate", "not-appropriate", "no-criteria-apply");
    }

    @Nested
    class Discovery extends DiscoveryContract {

        @Override
        protected Path contentRoot() {
            return PACK;
        }

        @Override
        protected Path goldenFile() {
            return SCENARIOS.resolve("expected-discovery.json");
        }
    }
}

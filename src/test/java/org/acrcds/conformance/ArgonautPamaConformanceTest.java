package org.acrcds.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ratings in every golden response (the shipped scenarios and the demo variant's) follow the Argonaut "CDS Hooks for PAMA" guide
 * (argonautproject/cds-hooks-for-pama, docs/index.md) in the form the CDS Hooks sandbox reads
 * (cds-hooks/sandbox, src/components/Pama/pama.jsx: only {@code extension.systemActions}, only the extension URL
 * {@code http://fhir.org/argonaut/Extension/pama-rating}, only its first coding):
 * <ul>
 *   <li>{@code systemActions} (CDS Hooks 2.0) and {@code extension.systemActions} hold the same actions;</li>
 *   <li>each is an {@code update} of a ServiceRequest with exactly one {@code pama-rating} whose first coding is an
 *       Argonaut code, one {@code pama-rating-consult-id} ({@code urn:uuid}, unique in the response) and one
 *       {@code pama-rating-auc-applied} naming the published CQL library and its version; no
 *       {@code pama-rating-qcdsm-consulted} (no G-code is configured), nothing under the former
 *       {@code .../StructureDefinition/pama-rating} URLs;</li>
 *   <li>the update makes no semantic change: the rated resource is the draft order plus the rating extensions;</li>
 *   <li>every suggested order carries its own rating in the same form (the guide: alternatives include their rating;
 *       the sandbox takes an accepted suggestion's rating from it, and fails without one).</li>
 * </ul>
 * A broken fixture proves the checks bite.
 */
class ArgonautPamaConformanceTest {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");
    /** The demonstration variant's scenarios, answered with the content of its own pack. */
    static final Path DEMO_SCENARIOS = Path.of("src/test/resources/demo-variant-scenarios");
    static final Path DEMO_PACK = Path.of("src/test/resources/demo-variant");
    static final Path BROKEN = Path.of("src/test/resources/conformance/broken");
    static final String EXTENSION = "http://fhir.org/argonaut/Extension/";
    static final String RATING = EXTENSION + "pama-rating";
    static final String CONSULT_ID = EXTENSION + "pama-rating-consult-id";
    static final String AUC_APPLIED = EXTENSION + "pama-rating-auc-applied";
    static final String QCDSM_CONSULTED = EXTENSION + "pama-rating-qcdsm-consulted";
    static final String RATING_SYSTEM = "http://fhir.org/argonaut/CodeSystem/pama-rating";
    static final Set<String> RATINGS = Set.of("appropriate", "not-appropriate", "no-criteria-apply");

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static String criteria;

    @BeforeAll
    static void readPublishedLibrary() throws IOException {
        criteria = criteriaOf(Path.of("."), "jia-spine-followup-order-sign");
    }

    /** The criteria a service of a content pack names: its library's canonical URL and version ({@code url|version}). */
    static String criteriaOf(Path pack, String service) throws IOException {
        String library = JSON.readTree(pack.resolve("hooks/" + service + ".json").toFile()).path("config").path("library").asText();
        Library published = FHIR.newJsonParser().parseResource(Library.class,
                Files.readString(pack.resolve("fhir-resources/resources/Library-" + library + ".json")));
        return published.getUrl() + "|" + published.getVersion();
    }

    static String criteriaOf(Path scenario) throws IOException {
        return criteriaOf(scenario.startsWith(DEMO_SCENARIOS) ? DEMO_PACK : Path.of("."),
                Files.readString(scenario.resolve("service.txt")).trim());
    }

    static Stream<Path> scenarios() throws IOException {
        List<Path> scenarios = new ArrayList<>();
        for (Path root : List.of(SCENARIOS, DEMO_SCENARIOS)) {
            try (Stream<Path> folders = Files.list(root)) {
                folders.filter(Files::isDirectory).sorted().forEach(scenarios::add);
            }
        }
        return scenarios.stream();
    }

    /** Every way the ratings of a response can depart from the guide, as "json.path: problem". */
    static List<String> violations(JsonNode response, String expectedCriteria) {
        List<String> violations = new ArrayList<>();
        JsonNode systemActions = response.path("systemActions");
        if (!systemActions.equals(response.path("extension").path("systemActions"))) {
            violations.add("extension.systemActions: differs from systemActions");
        }
        Set<String> consultIds = new HashSet<>();
        for (int a = 0; a < systemActions.size(); a++) {
            JsonNode action = systemActions.get(a);
            String where = "systemActions[" + a + "]";
            if (!"update".equals(action.path("type").asText())) {
                violations.add(where + ".type: must be update");
            }
            ratingViolations(action.path("resource"), where + ".resource", expectedCriteria, consultIds, violations);
        }
        JsonNode cards = response.path("cards");
        for (int c = 0; c < cards.size(); c++) {
            JsonNode suggestions = cards.get(c).path("suggestions");
            for (int s = 0; s < suggestions.size(); s++) {
                JsonNode actions = suggestions.get(s).path("actions");
                for (int a = 0; a < actions.size(); a++) {
                    if (actions.get(a).has("resource")) {
                        ratingViolations(actions.get(a).path("resource"),
                                "cards[" + c + "].suggestions[" + s + "].actions[" + a + "].resource",
                                expectedCriteria, consultIds, violations);
                    }
                }
            }
        }
        return violations;
    }

    static void ratingViolations(JsonNode resource, String where, String expectedCriteria, Set<String> consultIds,
            List<String> violations) {
        if (!"ServiceRequest".equals(resource.path("resourceType").asText())) {
            violations.add(where + ": not a ServiceRequest");
        }
        List<JsonNode> ratings = new ArrayList<>();
        List<JsonNode> consults = new ArrayList<>();
        List<JsonNode> criteriaApplied = new ArrayList<>();
        for (JsonNode extension : resource.path("extension")) {
            String url = extension.path("url").asText();
            switch (url) {
                case RATING -> ratings.add(extension);
                case CONSULT_ID -> consults.add(extension);
                case AUC_APPLIED -> criteriaApplied.add(extension);
                case QCDSM_CONSULTED -> violations.add(where + ": pama-rating-qcdsm-consulted without a configured G-code");
                default -> {
                    if (url.contains("pama-rating")) {
                        violations.add(where + ": extension " + url + " is not an Argonaut extension URL");
                    }
                }
            }
        }
        if (ratings.size() != 1) {
            violations.add(where + ": " + ratings.size() + " pama-rating extensions, expected 1");
        } else {
            JsonNode first = ratings.get(0).path("valueCodeableConcept").path("coding").path(0);
            if (!RATING_SYSTEM.equals(first.path("system").asText()) || !RATINGS.contains(first.path("code").asText())) {
                violations.add(where + ": the first pama-rating coding is not an Argonaut rating: " + first);
            }
        }
        if (consults.size() != 1 || !consults.get(0).path("valueUri").asText().startsWith("urn:uuid:")) {
            violations.add(where + ": expected one pama-rating-consult-id urn:uuid");
        } else if (!consultIds.add(consults.get(0).path("valueUri").asText())) {
            violations.add(where + ": consult id " + consults.get(0).path("valueUri").asText() + " used twice");
        }
        if (criteriaApplied.size() != 1 || !expectedCriteria.equals(criteriaApplied.get(0).path("valueUri").asText())) {
            violations.add(where + ": expected one pama-rating-auc-applied " + expectedCriteria);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void ratingsFollowTheArgonautGuide(Path scenario) throws IOException {
        assertThat(violations(JSON.readTree(scenario.resolve("expected-response.json").toFile()), criteriaOf(scenario))).isEmpty();
    }

    /** "the update MUST NOT make any semantic change to the ServiceRequest, but may attach appropriateness rating extensions" */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void ratingUpdatesChangeNothingButTheRating(Path scenario) throws IOException {
        JsonNode request = JSON.readTree(scenario.resolve("request.json").toFile());
        Bundle drafts = FHIR.newJsonParser().parseResource(Bundle.class, request.path("context").path("draftOrders").toString());
        for (JsonNode action : JSON.readTree(scenario.resolve("expected-response.json").toFile()).path("systemActions")) {
            ServiceRequest rated = FHIR.newJsonParser().parseResource(ServiceRequest.class, action.path("resource").toString());
            rated.getExtension().removeIf(extension -> extension.getUrl().startsWith(EXTENSION + "pama-rating"));
            ServiceRequest draft = drafts.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast)
                    .filter(order -> order.getIdElement().getIdPart().equals(rated.getIdElement().getIdPart()))
                    .findFirst().orElseThrow(() -> new AssertionError(scenario + ": rated " + rated.getId() + " is no draft order"));
            draft.setId(draft.getIdElement().getIdPart());

            assertThat(FHIR.newJsonParser().encodeResourceToString(rated))
                    .as("%s: rating of %s", scenario, rated.getIdElement().getIdPart())
                    .isEqualTo(FHIR.newJsonParser().encodeResourceToString(draft));
        }
    }

    @Test
    void ratingUnderTheFormerUrlsAndSuggestionWithoutRatingAreRejected() throws IOException {
        JsonNode broken = JSON.readTree(BROKEN.resolve("response-former-pama-urls-and-unrated-suggestion.json").toFile());

        assertThat(violations(broken, criteria)).containsExactlyInAnyOrder(
                "extension.systemActions: differs from systemActions",
                "systemActions[0].resource: extension http://fhir.org/argonaut/StructureDefinition/pama-rating is not an Argonaut extension URL",
                "systemActions[0].resource: extension http://fhir.org/argonaut/StructureDefinition/pama-rating-consult-id is not an Argonaut extension URL",
                "systemActions[0].resource: 0 pama-rating extensions, expected 1",
                "systemActions[0].resource: expected one pama-rating-consult-id urn:uuid",
                "systemActions[0].resource: expected one pama-rating-auc-applied " + criteria,
                "cards[0].suggestions[0].actions[0].resource: 0 pama-rating extensions, expected 1",
                "cards[0].suggestions[0].actions[0].resource: expected one pama-rating-consult-id urn:uuid",
                "cards[0].suggestions[0].actions[0].resource: expected one pama-rating-auc-applied " + criteria);
    }
}

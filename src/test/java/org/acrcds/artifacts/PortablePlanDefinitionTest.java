package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.LibraryEngine;
import org.opencds.cqf.fhir.cr.plandefinition.PlanDefinitionProcessor;
import org.opencds.cqf.fhir.utility.monad.Eithers;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * Portability: a standard clinical-reasoning engine (org.opencds.cqf.fhir cqf-fhir-cr 3.28.0, the engine of HAPI
 * FHIR's clinical reasoning module) is given the published Library, PlanDefinitions, ActivityDefinition and ValueSets
 * (each with the expansion it is published with) and nothing of ours, and runs PlanDefinition/$apply for the seed's vignette: it gives the recommendation our service
 * gives (indicator, source, the suggested order's code; our card texts are filled from the CQL and the PlanDefinition's
 * action titles are not).
 */
class PortablePlanDefinitionTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vignette-radiograph-order-select", "vignette-radiograph-order-sign"})
    void applyGivesTheWarningAndTheMriCompleteSpineSuggestionForTheVignette(String scenario) throws Exception {
        Path folder = SCENARIOS.resolve(scenario);
        CarePlan carePlan = apply(folder);
        RequestGroup group = carePlan.getContained().stream().filter(RequestGroup.class::isInstance)
                .map(RequestGroup.class::cast).findFirst().orElseThrow();
        JsonNode cards = JSON.readTree(folder.resolve("expected-response.json").toFile()).get("cards");
        JsonNode card = cards.get(0);
        JsonNode suggested = card.at("/suggestions/0/actions/0");

        assertThat(cards.size()).isEqualTo(1);
        assertThat(group.getAction()).hasSize(1);
        RequestGroupActionComponent action = group.getActionFirstRep();
        assertThat(indicator(action.getPriority())).isEqualTo(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(action.getDocumentationFirstRep().getUrl()).isEqualTo(card.at("/source/url").asText());
        assertThat(action.getAction()).singleElement().satisfies(change -> {
            assertThat(change.getType().getCodingFirstRep().getCode()).isEqualTo(suggested.get("type").asText()).isEqualTo("update");
            String reference = change.getResource().getReference().replaceFirst("^#", "");
            ServiceRequest order = (ServiceRequest) carePlan.getContained().stream()
                    .filter(resource -> resource.getIdPart().replaceFirst("^#", "").equals(reference)).findFirst().orElseThrow();
            assertThat(order.getCode().getCodingFirstRep().getSystem()).isEqualTo(suggested.at("/resource/code/coding/0/system").asText());
            assertThat(order.getCode().getCodingFirstRep().getCode()).isEqualTo(suggested.at("/resource/code/coding/0/code").asText())
                    .isEqualTo("30855-1");
        });
    }

    /**
     * Further scenarios, each with one draft order and nothing that depends on the day the test runs (the engine
     * evaluates at the real now, our golden scenarios at a fixed clock): the engine's actions (indicator of the priority,
     * codes of the suggested orders) are our cards (indicator, codes of the suggested orders), and no card is no action.
     * Among them: JIA coded ICD-10-CM M08.00 and L40.54, vertebral osteomyelitis M46.26 and a recent S32 fracture as
     * exclusions, i.e. the published expansions at work; and every card the generated PlanDefinitions hold an action for
     * (PlanDefinitionArtifacts) but the one that needs two drafts (a Usually not appropriate order beside a spine MRI),
     * among them a radiograph with an MR-unsafe implant: the warning without the MRI suggestion, as each card is its own
     * action with its own condition.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jia-coded-icd10-m08-00-included", "jia-coded-icd10-l40-54-psoriatic-included",
            "coded-vertebral-osteomyelitis-m46-26-excluded", "recent-lumbar-fracture-s32-within-30-days-excluded",
            "isolated-sacroiliitis-without-back-pain-no-criteria-apply", "knee-radiograph-with-known-jia-not-covered-no-rating",
            "mri-lumbar-without-contrast-may-be-appropriate-info-card", "mri-lumbar-only-for-thoracic-pain-area-of-interest-card",
            "jia-in-remission-still-known-jia", "mr-unsafe-implant-with-mri-order-contraindicated-card",
            "young-child-mri-complete-spine-sedation-note", "corticosteroid-prednisone-compression-fracture-note",
            "coded-fever-r50-9-and-raised-esr-suspected-infection-excluded", "mr-unsafe-implant-with-radiograph-no-mri-suggestion",
            "sandbox-mri-lumbar-cpt-72158-backache-site-unknown-card", "jia-refuted-not-known-jia-initial-imaging-card",
            "mri-lumbar-with-contrast-only-not-rated-by-variant", "bone-scan-spect-ct-warning-four-radiation-symbols"})
    void applyGivesTheRecommendationOurServiceGives(String scenario) throws Exception {
        Path folder = SCENARIOS.resolve(scenario);
        CarePlan carePlan = apply(folder);
        RequestGroup group = carePlan.getContained().stream().filter(RequestGroup.class::isInstance)
                .map(RequestGroup.class::cast).findFirst().orElseThrow();
        List<String> ours = new ArrayList<>();
        JSON.readTree(folder.resolve("expected-response.json").toFile()).get("cards").forEach(card -> {
            List<String> codes = new ArrayList<>();
            card.path("suggestions").forEach(suggestion -> suggestion.path("actions")
                    .forEach(change -> codes.add(change.at("/resource/code/coding/0/code").asText())));
            ours.add(card.get("indicator").asText() + " " + codes);
        });
        List<String> engines = group.getAction().stream().map(action -> indicator(action.getPriority()) + " "
                + action.getAction().stream().map(change -> suggestedOrder(carePlan, change).getCode().getCodingFirstRep().getCode()).toList())
                .toList();

        assertThat(engines).containsExactlyInAnyOrderElementsOf(ours);
    }

    private static ServiceRequest suggestedOrder(CarePlan carePlan, RequestGroupActionComponent change) {
        String reference = change.getResource().getReference().replaceFirst("^#", "");
        return (ServiceRequest) carePlan.getContained().stream()
                .filter(resource -> resource.getIdPart().replaceFirst("^#", "").equals(reference)).findFirst().orElseThrow();
    }

    /** PlanDefinition/$apply for the scenario's request, in a repository holding the published artifacts and the record. */
    private static CarePlan apply(Path folder) throws Exception {
        JsonNode request = JSON.readTree(folder.resolve("request.json").toFile());
        JsonNode context = request.get("context");
        InMemoryFhirRepository repository = new InMemoryFhirRepository(FHIR);
        Parameters parameters = new Parameters();
        for (Resource artifact : publishedArtifacts()) {
            repository.update(artifact);
            if (artifact instanceof ActivityDefinition) {
                parameters.addParameter().setName("Suggestable Orders").setResource(artifact);
            }
        }
        // "Rated Order Ids" stays unset (every draft is rated): each scenario here has one draft, the one selected. Set
        // to a single id, this engine passes a String where the CQL declares List<String> ("Expected In(T, List<T>),
        // Found In(String, String)"), so an order-select call with several drafts cannot be reproduced through $apply.
        List<Resource> record = record(request);
        assertThat(record.stream().filter(ServiceRequest.class::isInstance)).hasSize(1);
        record.forEach(repository::update);

        String planId = Files.readString(folder.resolve("service.txt")).strip();
        String subject = "Patient/" + context.get("patientId").asText();
        // $apply logs an action whose condition fails to evaluate and leaves it out, which would look like "no card":
        // the conditions are first evaluated on their own, where a failure throws
        PlanDefinition plan = repository.read(PlanDefinition.class, new IdType("PlanDefinition", planId));
        Set<String> conditions = plan.getAction().stream().flatMap(action -> action.getCondition().stream())
                .map(condition -> condition.getExpression().getExpression()).collect(Collectors.toSet());
        new LibraryEngine(repository, EvaluationSettings.getDefault())
                .evaluate(plan.getLibrary().get(0).getValue(), subject, parameters, null, null, null, conditions);

        IBaseResource result = new PlanDefinitionProcessor(repository).apply(
                Eithers.forMiddle3(new IdType("PlanDefinition", planId)),
                subject, context.has("encounterId") ? "Encounter/" + context.get("encounterId").asText() : null,
                context.get("userId").asText(), null, null, null, null, null, null,
                parameters, true, null, null, (Resource) null, null, null);

        // as a server would answer it: the engine keeps a null in place of each action whose condition is false
        assertThat(result).isInstanceOf(CarePlan.class);
        return FHIR.newJsonParser().parseResource(CarePlan.class, FHIR.newJsonParser().encodeResourceToString(result));
    }

    /** Everything under fhir-resources/vocabulary and fhir-resources/resources, as published. */
    private static List<Resource> publishedArtifacts() throws Exception {
        List<Resource> artifacts = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("fhir-resources/vocabulary")), Files.list(Path.of("fhir-resources/resources")))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                artifacts.add((Resource) FHIR.newJsonParser().parseResource(Files.readString(file)));
            }
        }
        return artifacts;
    }

    /** The patient's record as the request carries it: every prefetched resource and the draft orders. */
    private static List<Resource> record(JsonNode request) {
        List<Resource> record = new ArrayList<>();
        request.get("prefetch").forEach(value -> {
            if (value.isObject()) {
                record.addAll(resources(FHIR.newJsonParser().parseResource(value.toString())));
            }
        });
        record.addAll(resources(FHIR.newJsonParser().parseResource(request.at("/context/draftOrders").toString())));
        return record;
    }

    private static List<Resource> resources(IBaseResource resource) {
        return resource instanceof Bundle bundle ? bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).toList()
                : List.of((Resource) resource);
    }

    /** CDS Hooks card indicator of a RequestGroup action's priority, as HAPI FHIR's CDS-on-FHIR maps it. */
    private static String indicator(RequestGroup.RequestPriority priority) {
        return switch (priority) {
            case ROUTINE -> "info";
            case URGENT -> "warning";
            case ASAP, STAT -> "critical";
            default -> throw new IllegalArgumentException("priority " + priority);
        };
    }
}

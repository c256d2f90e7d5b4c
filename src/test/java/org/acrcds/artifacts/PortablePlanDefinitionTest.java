package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.evaluation.ValueSetIndex;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.RequestGroup.RequestGroupActionComponent;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencds.cqf.fhir.cr.plandefinition.PlanDefinitionProcessor;
import org.opencds.cqf.fhir.utility.monad.Eithers;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * Portability: a standard clinical-reasoning engine (org.opencds.cqf.fhir cqf-fhir-cr 3.28.0, the engine of HAPI
 * FHIR's clinical reasoning module) is given the published Library, PlanDefinitions, ActivityDefinition and ValueSets
 * and nothing of ours, and runs PlanDefinition/$apply for the seed's vignette: it gives the recommendation our service
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
        // "Rated Order Ids" stays unset (every draft is rated): each vignette has one draft, the one selected. Set to a
        // single id, this engine passes a String where the CQL declares List<String> ("Expected In(T, List<T>), Found
        // In(String, String)"), so an order-select call with several drafts cannot be reproduced through $apply.
        assertThat(record(request).stream().filter(ServiceRequest.class::isInstance)).hasSize(1);
        List<Resource> record = record(request);
        record.forEach(repository::update);
        expandAgainstTheRecord(repository, record);

        IBaseResource result = new PlanDefinitionProcessor(repository).apply(
                Eithers.forMiddle3(new IdType("PlanDefinition", Files.readString(folder.resolve("service.txt")).strip())),
                "Patient/" + context.get("patientId").asText(), "Encounter/" + context.get("encounterId").asText(),
                context.get("userId").asText(), null, null, null, null, null, null,
                parameters, true, null, null, (Resource) null, null, null);

        // as a server would answer it: the engine keeps a null in place of each action whose condition is false
        CarePlan carePlan = FHIR.newJsonParser().parseResource(CarePlan.class, FHIR.newJsonParser().encodeResourceToString(result));
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

    /**
     * The value sets that ship without an expansion yet (ValueSetExpansionsTest.NOT_YET_EXPANDED: the code list lacks
     * their branches) get, for this run only, the members among the codes of the record, decided by our ValueSetIndex
     * from their compose: for evaluating this record that is the same as their full expansion, since the engine only
     * asks about the record's codes. The filters' own codes (is-a includes the code itself) are members too, and keep
     * the expansion from being empty (this engine reads an empty one as none and calls $expand). Every other value set
     * is used as published.
     */
    private static void expandAgainstTheRecord(InMemoryFhirRepository repository, List<Resource> record) {
        ValueSetIndex index = new ValueSetIndex(CqlLibrariesTest.content(Path.of("").toAbsolutePath().toUri().toString()), FHIR);
        List<Coding> codings = record.stream()
                .flatMap(resource -> FHIR.newTerser().getAllPopulatedChildElementsOfType(resource, Coding.class).stream()).toList();
        for (String id : ValueSetExpansionsTest.NOT_YET_EXPANDED) {
            ValueSet valueSet = repository.read(ValueSet.class, new IdType("ValueSet", id));
            assertThat(valueSet.hasExpansion()).as(id + " now ships with an expansion: drop this stand-in").isFalse();
            ValueSet.ValueSetExpansionComponent expansion = valueSet.getExpansion().setTimestamp(new Date(0));
            valueSet.getCompose().getInclude().forEach(include -> include.getFilter()
                    .forEach(filter -> expansion.addContains().setSystem(include.getSystem()).setCode(filter.getValue())));
            codings.stream().filter(coding -> index.contains(valueSet.getUrl(), coding.getSystem(), coding.getCode()))
                    .forEach(coding -> expansion.addContains().setSystem(coding.getSystem()).setCode(coding.getCode()));
            repository.update(valueSet);
        }
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

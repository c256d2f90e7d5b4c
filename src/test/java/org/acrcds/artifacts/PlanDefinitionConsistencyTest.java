package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.acrcds.catalog.HookCatalog;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.catalog.OrderTemplates;
import org.acrcds.evaluation.CqlLibraries;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.evaluation.ValueSetIndex;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published PlanDefinitions, the hook files and the CQL never drift apart; a broken fixture proves the check bites. */
class PlanDefinitionConsistencyTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Path RESOURCES = Path.of("fhir-resources/resources");
    /** Names the CDS Hooks service a PlanDefinition is published as (required by the CDS Hooks on FHIR profile). */
    static final String CDS_HOOKS_ENDPOINT = "http://hl7.org/fhir/StructureDefinition/cqf-cdsHooksEndpoint";
    static CqlLibraries libraries;
    static HookCatalog catalog;
    static Set<String> canonicals = new HashSet<>();

    @BeforeAll
    static void loadContent() throws Exception {
        var content = CqlLibrariesTest.content(Path.of("").toAbsolutePath().toUri().toString());
        libraries = new CqlLibraries(content, FhirContext.forR4Cached());
        catalog = new HookCatalog(content, libraries, new ValueSetIndex(content, FHIR), new OrderTemplates(content, FHIR));
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path file : files.toList()) {
                var resource = FHIR.newJsonParser().parseResource(Files.readString(file));
                if (resource instanceof Library library) {
                    canonicals.add(library.getUrl());
                } else if (resource instanceof ActivityDefinition activity) {
                    canonicals.add(activity.getUrl());
                }
            }
        }
    }

    static PlanDefinition read(Path file) throws Exception {
        return FHIR.newJsonParser().parseResource(PlanDefinition.class, Files.readString(file));
    }

    /** Every way a PlanDefinition can disagree with its service, its library and the other artifacts. */
    static List<String> problems(PlanDefinition plan, HookDefinition service) {
        List<String> problems = new ArrayList<>();
        Set<String> expressions = libraries.expressionNames(service.config().library());
        String endpoint = plan.hasExtension(CDS_HOOKS_ENDPOINT) ? plan.getExtensionByUrl(CDS_HOOKS_ENDPOINT).getValue().primitiveValue() : null;
        if (!service.id().equals(endpoint)) {
            problems.add("cqf-cdsHooksEndpoint is " + endpoint + ", the service is " + service.id());
        }
        plan.getLibrary().forEach(library -> {
            if (!canonicals.contains(library.getValue())) {
                problems.add("library " + library.getValue() + " is not in fhir-resources/");
            }
        });
        for (PlanDefinitionActionComponent action : plan.getAction()) {
            action.getTrigger().forEach(trigger -> {
                if (!service.hook().code().equals(trigger.getName())) {
                    problems.add("action '" + action.getTitle() + "' is triggered by " + trigger.getName() + ", the service by " + service.hook().code());
                }
            });
            action.getCondition().forEach(condition -> {
                if (!expressions.contains(condition.getExpression().getExpression())) {
                    problems.add("condition \"" + condition.getExpression().getExpression() + "\" is not defined in " + service.config().library());
                }
            });
            action.getAction().forEach(sub -> {
                if (sub.hasDefinitionCanonicalType() && !canonicals.contains(sub.getDefinitionCanonicalType().getValue())) {
                    problems.add("definition " + sub.getDefinitionCanonicalType().getValue() + " is not in fhir-resources/");
                }
            });
        }
        return problems;
    }

    @Test
    void everyServiceHasAConsistentPlanDefinition() throws Exception {
        for (HookDefinition service : catalog.services()) {
            Path file = RESOURCES.resolve("PlanDefinition-" + service.id() + ".json");
            assertThat(file).exists();
            PlanDefinition plan = read(file);

            assertThat(problems(plan, service)).as(file.toString()).isEmpty();
            assertThat(plan.getAction()).isNotEmpty().allSatisfy(action -> {
                assertThat(action.getTitle()).isNotBlank();
                assertThat(action.getDescription()).isNotBlank();
                assertThat(action.getPriority()).isNotNull();
                assertThat(action.getDocumentation()).isNotEmpty();
            });
        }
    }

    @Test
    void brokenPlanDefinitionIsCaught() throws Exception {
        PlanDefinition broken = read(Path.of("src/test/resources/artifacts/broken/PlanDefinition-broken.json"));

        assertThat(problems(broken, catalog.find("jia-spine-followup-order-sign").orElseThrow()))
                .containsExactlyInAnyOrder(
                        "cqf-cdsHooksEndpoint is null, the service is jia-spine-followup-order-sign",
                        "condition \"No Such Define\" is not defined in JIAFollowUpSpineImaging",
                        "action 'MRI spine without IV contrast' is triggered by patient-view, the service by order-sign",
                        "definition http://example.org/fhir/acr-cds/ActivityDefinition/missing is not in fhir-resources/");
    }
}

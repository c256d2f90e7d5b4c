package org.acrcds.artifacts;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.acrcds.catalog.HookCatalog;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.catalog.OrderTemplates;
import org.acrcds.evaluation.CqlLibraries;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.evaluation.ValueSetIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One way to define cards: in every content pack, each service's fhir-resources/resources/PlanDefinition-<id>.json is
 * generated from hooks/<id>.json, its card file and its library (PlanDefinitionArtifacts). Run with
 * -Dartifacts.update=true after changing them; the test fails while the two differ.
 */
class PlanDefinitionArtifactsTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    /** Each service of each pack, loaded (and so checked) as the server loads it, with its library and orders. */
    static Stream<Arguments> services() throws Exception {
        List<Arguments> services = new ArrayList<>();
        for (Path pack : LibraryArtifactsTest.PACKS) {
            var content = CqlLibrariesTest.content(pack.toAbsolutePath().toUri().toString());
            CqlLibraries libraries = new CqlLibraries(content, FHIR);
            OrderTemplates orders = new OrderTemplates(content, FHIR);
            for (HookDefinition service : new HookCatalog(content, libraries, new ValueSetIndex(content, FHIR), orders).services()) {
                services.add(Arguments.of(pack, service.id(), service, libraries, orders));
            }
        }
        return services.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("services")
    void planDefinitionIsGeneratedFromTheHookAndCardFiles(Path pack, String id, HookDefinition service, CqlLibraries libraries,
            OrderTemplates orders) throws Exception {
        String library = service.config().library();
        var plan = PlanDefinitionArtifacts.planFor(service, libraries.assessmentContract(library).cards(),
                LibraryArtifactsTest.published(pack, library), orders);

        LibraryArtifactsTest.assertGenerated(pack.resolve("fhir-resources/resources/PlanDefinition-" + id + ".json"), plan,
                "hooks/" + id + ".json, hooks/cards/" + service.config().cardTemplates() + ".json and cql/" + library + ".cql");
    }
}

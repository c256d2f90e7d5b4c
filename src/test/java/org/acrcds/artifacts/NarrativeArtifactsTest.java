package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.DomainResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published artifact carries its narrative (Narratives), so a FHIR server shows it and dom-6 holds. The
 * ActivityDefinitions (the suggested orders) are written by hand: their narrative is written by this test
 * (-Dartifacts.update=true); Libraries, PlanDefinitions and ValueSets get theirs from LibraryArtifactsTest,
 * PlanDefinitionArtifactsTest and ValueSetExpansionsTest.
 */
class NarrativeArtifactsTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    static Stream<Path> handWritten() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("fhir-resources/resources"))) {
            return files.filter(path -> path.getFileName().toString().matches("ActivityDefinition-.*\\.json"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handWritten")
    void handWrittenArtifactCarriesItsGeneratedNarrative(Path file) throws Exception {
        String text = Files.readString(file);
        DomainResource resource = (DomainResource) FHIR.newJsonParser().parseResource(text);
        String expected = ArtifactJson.published(text, Narratives.of(resource), null);
        if (Boolean.getBoolean("artifacts.update")) {
            Files.writeString(file, expected);
        }

        assertThat(Files.readString(file)).as(file + ": run with -Dartifacts.update=true").isEqualTo(expected);
    }

    @Test
    void everyPublishedArtifactCarriesItsNarrative() throws Exception {
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("fhir-resources/vocabulary")), Files.list(Path.of("fhir-resources/resources")))) {
            assertThat(files.filter(path -> path.toString().endsWith(".json")).toList()).hasSizeGreaterThan(20).allSatisfy(file -> {
                DomainResource resource = (DomainResource) FHIR.newJsonParser().parseResource(Files.readString(file));
                assertThat(resource.getText().getStatusAsString()).as(file.toString()).isEqualTo("generated");
                assertThat(resource.getText().getDiv().equalsDeep(Narratives.of(resource).getDiv())).as(file.toString()).isTrue();
            });
        }
    }
}

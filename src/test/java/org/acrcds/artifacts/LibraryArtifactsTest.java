package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Library;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of truth: each fhir-resources/resources/Library-<Name>.json is generated from cql/<Name>.cql.
 * Run with -Dartifacts.update=true after changing the CQL; the test fails while the two differ.
 */
class LibraryArtifactsTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Path CQL = Path.of("cql");
    static final Path RESOURCES = Path.of("fhir-resources/resources");

    static Stream<String> libraryNames() throws Exception {
        try (Stream<Path> files = Files.list(CQL)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".cql"))
                    .map(name -> name.substring(0, name.length() - 4)).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraryNames")
    void libraryArtifactIsGeneratedFromTheCql(String name) throws Exception {
        String cql = Files.readString(CQL.resolve(name + ".cql"));

        assertGenerated(RESOURCES.resolve("Library-" + name + ".json"), LibraryArtifacts.libraryFor(cql), "cql/" + name + ".cql");
    }

    @Test
    void fhirHelpersArtifactIsGeneratedFromTheTranslatorsCopy() throws Exception {
        assertGenerated(RESOURCES.resolve("Library-FHIRHelpers.json"), LibraryArtifacts.fhirHelpersLibrary(), "the translator's FHIRHelpers");
    }

    private static void assertGenerated(Path artifact, Library library, String source) throws Exception {
        String expected = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(library) + "\n";
        if (Boolean.getBoolean("artifacts.update")) {
            Files.writeString(artifact, expected);
        }

        assertThat(artifact).as("run with -Dartifacts.update=true to generate").exists();
        assertThat(Files.readString(artifact)).as(artifact + " is out of date with " + source).isEqualTo(expected);
    }

    @Test
    void publishedCqlTextIsTheCqlFile() throws Exception {
        for (String name : libraryNames().toList()) {
            Library library = FHIR.newJsonParser().parseResource(Library.class,
                    Files.readString(RESOURCES.resolve("Library-" + name + ".json")));
            String published = library.getContent().stream().filter(content -> "text/cql".equals(content.getContentType()))
                    .map(content -> new String(content.getData(), StandardCharsets.UTF_8)).findFirst().orElseThrow();

            assertThat(published).isEqualTo(Files.readString(CQL.resolve(name + ".cql")));
        }
    }

    @Test
    void dataRequirementsNameEveryRetrievedTypeAndValueSet() throws Exception {
        Library library = FHIR.newJsonParser().parseResource(Library.class,
                Files.readString(RESOURCES.resolve("Library-JIAFollowUpSpineImaging.json")));

        assertThat(library.getDataRequirement()).extracting(requirement -> requirement.getType())
                .contains("Condition", "Observation", "MedicationRequest", "Device", "ServiceRequest");
        assertThat(library.getDataRequirement()).flatExtracting(requirement -> requirement.getCodeFilter())
                .extracting(filter -> filter.getValueSet())
                .contains(LibraryArtifacts.CANONICAL_BASE + "/ValueSet/juvenile-idiopathic-arthritis");
        assertThat(List.of(library.getUrl(), library.getVersion()))
                .containsExactly(LibraryArtifacts.CANONICAL_BASE + "/Library/JIAFollowUpSpineImaging", "1.1.0");
    }
}

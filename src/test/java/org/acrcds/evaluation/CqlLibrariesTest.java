package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.acrcds.content.ContentException;
import org.acrcds.content.ContentFiles;
import org.acrcds.config.CdsProperties;
import org.hl7.elm.r1.VersionedIdentifier;
import java.util.Comparator;
import org.hl7.elm.r1.ExpressionDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
public class CqlLibrariesTest {

    public static ContentFiles content(String location) {
        return new ContentFiles(new CdsProperties(location, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    @Test
    void loadsThePublishedElmOfEveryLibrary(CapturedOutput log) {
        CqlLibraries libraries = new CqlLibraries(content("classpath:"), FhirContext.forR4Cached());

        assertThat(libraries.libraryNames()).contains("JIAFollowUpSpineImaging");
        assertThat(libraries.expressionNames("JIAFollowUpSpineImaging"))
                .contains(CqlEvaluator.ORDER_ASSESSMENTS, "Refer To Initial Imaging Variant");
        assertThat(log).contains("Loaded the published ELM of 1 CQL libraries");
    }

    /** The engine finds a definition by binary search over the statements (engine 3.29.0): they must be sorted by name. */
    @Test
    void everyLoadedLibraryHasItsStatementsSortedByName() {
        CqlLibraries libraries = new CqlLibraries(content("classpath:"), FhirContext.forR4Cached());

        assertThat(libraries.libraryManager().getCompiledLibraries().values()).allSatisfy(library ->
                assertThat(library.getLibrary().getStatements().getDef()).extracting(ExpressionDef::getName)
                        .as(library.getIdentifier().getId()).isSortedAccordingTo(Comparator.naturalOrder()));
    }

    @Test
    void findsLoadedLibrariesByNameAndVersionOnly() {
        CqlLibraries libraries = new CqlLibraries(content("classpath:"), FhirContext.forR4Cached());
        VersionedIdentifier helpers = new VersionedIdentifier().withId("FHIRHelpers").withVersion("4.0.1");

        assertThat(libraries.libraryManager().resolveLibrary(helpers))
                .isSameAs(libraries.libraryManager().getCompiledLibraries().get(helpers));
        assertThatThrownBy(() -> libraries.libraryManager().resolveLibrary(
                new VersionedIdentifier().withId("FHIRHelpers").withVersion("9.9.9"))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void translatesCqlEditedAfterItsLibraryWasPublished(@TempDir Path dir, CapturedOutput log) throws Exception {
        copyContent(dir);
        Files.writeString(dir.resolve("cql/JIAFollowUpSpineImaging.cql"), "\ndefine \"Edited After Publishing\": true\n",
                StandardOpenOption.APPEND);

        CqlLibraries libraries = new CqlLibraries(content(dir.toUri().toString()), FhirContext.forR4Cached());

        assertThat(libraries.expressionNames("JIAFollowUpSpineImaging")).contains("Edited After Publishing");
        assertThat(log).contains("was not generated from its current CQL").contains("Translated 1 CQL libraries");
    }

    @Test
    void translatesWhenAnIncludedLibraryWasNotPublished(@TempDir Path dir, CapturedOutput log) throws Exception {
        copyContent(dir);
        Files.delete(dir.resolve("fhir-resources/resources/Library-FHIRHelpers.json"));

        CqlLibraries libraries = new CqlLibraries(content(dir.toUri().toString()), FhirContext.forR4Cached());

        assertThat(libraries.expressionNames("JIAFollowUpSpineImaging")).contains(CqlEvaluator.ORDER_ASSESSMENTS);
        assertThat(log).contains("No published Library for CQL library FHIRHelpers").contains("Translated 1 CQL libraries");
    }

    private static void copyContent(Path dir) throws Exception {
        for (String folder : new String[] {"cql", "fhir-resources/resources"}) {
            Files.createDirectories(dir.resolve(folder));
            try (var files = Files.list(Path.of(folder))) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(folder).resolve(file.getFileName()));
                }
            }
        }
    }

    @Test
    void translationErrorStopsStartupNamingFileAndLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cql"));
        Files.writeString(dir.resolve("cql/Broken.cql"), """
                library Broken version '1.0.0'
                using FHIR version '4.0.1'
                define "X": "No Such Definition"
                """);

        assertThatThrownBy(() -> new CqlLibraries(content(dir.toUri().toString()), FhirContext.forR4Cached()))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("Broken.cql")
                .hasMessageContaining("line 3");
    }

    @Test
    void libraryNameMustMatchFileName(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cql"));
        Files.writeString(dir.resolve("cql/Other.cql"), "library Named version '1.0.0'\ndefine \"X\": 1\n");

        assertThatThrownBy(() -> new CqlLibraries(content(dir.toUri().toString()), FhirContext.forR4Cached()))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("file name must match");
    }
}

package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.acrcds.catalog.ContentException;
import org.acrcds.catalog.ContentFiles;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class CqlLibrariesTest {

    public static ContentFiles content(String location) {
        return new ContentFiles(new CdsProperties(location, null, 0, null, null, null, null));
    }

    @Test
    void translatesEveryLibraryWithoutErrors() {
        CqlLibraries libraries = new CqlLibraries(content("classpath:"));

        assertThat(libraries.libraryNames()).contains("JIAFollowUpSpineImaging");
        assertThat(libraries.expressionNames("JIAFollowUpSpineImaging"))
                .contains(CqlEvaluator.ORDER_ASSESSMENTS, "Refer To Initial Imaging Variant");
    }

    @Test
    void translationErrorStopsStartupNamingFileAndLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cql"));
        Files.writeString(dir.resolve("cql/Broken.cql"), """
                library Broken version '1.0.0'
                using FHIR version '4.0.1'
                define "X": "No Such Definition"
                """);

        assertThatThrownBy(() -> new CqlLibraries(content(dir.toUri().toString())))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("Broken.cql")
                .hasMessageContaining("line 3");
    }

    @Test
    void libraryNameMustMatchFileName(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cql"));
        Files.writeString(dir.resolve("cql/Other.cql"), "library Named version '1.0.0'\ndefine \"X\": 1\n");

        assertThatThrownBy(() -> new CqlLibraries(content(dir.toUri().toString())))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("file name must match");
    }
}

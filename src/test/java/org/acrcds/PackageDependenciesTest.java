package org.acrcds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules of ARCHITECTURE.md that the imports show: evaluation/ is an adapter to the CQL engine and depends on no
 * package that uses it (catalog/ loads and checks content, then hands evaluation/ what it needs), and the engine's
 * types stay inside evaluation/.
 */
class PackageDependenciesTest {

    static final Path SOURCES = Path.of("src/main/java/org/acrcds");

    @Test
    void evaluationDependsOnNoPackageThatUsesIt() throws IOException {
        assertThat(importsMatching("evaluation", "import org\\.acrcds\\.(catalog|protocol|cards|web|audit|admin|feedback)\\..*"))
                .isEmpty();
    }

    @Test
    void theEngineTypesStayInEvaluation() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path folder : packages.filter(Files::isDirectory).toList()) {
                if (!folder.getFileName().toString().equals("evaluation")) {
                    outside.addAll(importsMatching(folder.getFileName().toString(),
                            "import (static )?org\\.(opencds\\.cqf\\.cql|cqframework|hl7\\.elm)\\..*"));
                }
            }
        }
        assertThat(outside).isEmpty();
    }

    /** "file: import line" for each import of the package's sources matching the pattern. */
    static List<String> importsMatching(String packageFolder, String pattern) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve(packageFolder))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.strip().matches(pattern + ";?")) {
                        found.add(SOURCES.relativize(file) + ": " + line.strip());
                    }
                }
            }
        }
        return found;
    }
}

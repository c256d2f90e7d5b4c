package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of truth: in every content pack (the shipped one and the test-only demonstration variant), each
 * fhir-resources/resources/Library-<Name>.json is generated from cql/<Name>.cql. Run with -Dartifacts.update=true after
 * changing the CQL; the test fails while the two differ. A new variant starts from a stub Library holding its url,
 * title, status, experimental, publisher and description (ARCHITECTURE.md, "Adding a new ACR variant").
 */
class LibraryArtifactsTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    /** The content packs: the shipped content (the project root) and the demonstration variant used by tests. */
    static final List<Path> PACKS = List.of(Path.of("."), Path.of("src/test/resources/demo-variant"));
    static final Pattern RETRIEVE = Pattern.compile("\\[([A-Z]\\w*)(?:\\s*:\\s*\"([^\"]+)\")?\\s*]");
    static final Pattern VALUESET = Pattern.compile("valueset \"([^\"]+)\": '([^']+)'");
    static final String REGENERATE = "regenerate with ./mvnw -B test -Dtest='LibraryArtifactsTest,PlanDefinitionArtifactsTest' "
            + "-Dartifacts.update=true";
    static final Pattern VERSION = Pattern.compile("(?m)^library (\\w+) version '([^']+)'");

    static Stream<Arguments> libraries() throws IOException {
        List<Arguments> libraries = new ArrayList<>();
        for (Path pack : PACKS) {
            try (Stream<Path> files = Files.list(pack.resolve("cql"))) {
                files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".cql")).sorted()
                        .forEach(name -> libraries.add(Arguments.of(pack, name.substring(0, name.length() - 4))));
            }
        }
        return libraries.stream();
    }

    /** The packs that publish FHIRHelpers (so the server loads the published ELM instead of translating). */
    static Stream<Path> packsPublishingFhirHelpers() {
        return PACKS.stream().filter(pack -> Files.exists(artifact(pack, "FHIRHelpers")));
    }

    static Path artifact(Path pack, String name) {
        return pack.resolve("fhir-resources/resources/Library-" + name + ".json");
    }

    static Library published(Path pack, String name) throws Exception {
        assertThat(artifact(pack, name)).as("a Library resource (at least a stub with its url) for cql/%s.cql", name).exists();
        return FHIR.newJsonParser().parseResource(Library.class, Files.readString(artifact(pack, name)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void libraryArtifactIsGeneratedFromTheCql(Path pack, String name) throws Exception {
        String cql = Files.readString(pack.resolve("cql/" + name + ".cql"));

        assertGenerated(artifact(pack, name), LibraryArtifacts.libraryFor(cql, published(pack, name)), "cql/" + name + ".cql");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packsPublishingFhirHelpers")
    void fhirHelpersArtifactIsGeneratedFromTheTranslatorsCopy(Path pack) throws Exception {
        assertGenerated(artifact(pack, "FHIRHelpers"), LibraryArtifacts.fhirHelpersLibrary(), "the translator's FHIRHelpers");
    }

    /** The artifact file holds the generated resource; with -Dartifacts.update=true it is written first. */
    static void assertGenerated(Path artifact, Resource generated, String source) throws Exception {
        String expected = FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(generated) + "\n";
        if (Boolean.getBoolean("artifacts.update")) {
            Files.writeString(artifact, expected);
        }

        assertThat(artifact).as(artifact + " is missing: " + REGENERATE).exists();
        assertThat(Files.readString(artifact)).as(artifact + " is out of date with " + source + ": " + REGENERATE).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void publishedCqlTextIsTheCqlFile(Path pack, String name) throws Exception {
        String published = published(pack, name).getContent().stream().filter(content -> "text/cql".equals(content.getContentType()))
                .map(content -> new String(content.getData(), StandardCharsets.UTF_8)).findFirst().orElseThrow();

        assertThat(published).isEqualTo(Files.readString(pack.resolve("cql/" + name + ".cql")));
    }

    /**
     * Read from the CQL text rather than the translator: every type the CQL retrieves is a data requirement, every value
     * set it retrieves by is a code filter, and the Library names the version the CQL declares.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void dataRequirementsNameEveryRetrievedTypeAndValueSet(Path pack, String name) throws Exception {
        String cql = Files.readString(pack.resolve("cql/" + name + ".cql"));
        Map<String, String> valueSetUrls = new HashMap<>();
        Matcher valueSets = VALUESET.matcher(cql);
        while (valueSets.find()) {
            valueSetUrls.put(valueSets.group(1), valueSets.group(2));
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> filters = new LinkedHashSet<>();
        Matcher retrieves = RETRIEVE.matcher(cql);
        while (retrieves.find()) {
            types.add(retrieves.group(1));
            if (retrieves.group(2) != null) {
                filters.add(valueSetUrls.get(retrieves.group(2)));
            }
        }
        Matcher version = VERSION.matcher(cql);
        assertThat(version.find()).as("cql/%s.cql declares its version", name).isTrue();
        assertThat(types).as("cql/%s.cql retrieves something", name).isNotEmpty();

        Library library = published(pack, name);

        assertThat(library.getDataRequirement()).extracting(DataRequirement::getType).containsAll(types);
        assertThat(library.getDataRequirement()).flatExtracting(DataRequirement::getCodeFilter)
                .extracting(filter -> filter.getValueSet()).containsAll(filters);
        assertThat(library.getName()).isEqualTo(version.group(1)).isEqualTo(name);
        assertThat(library.getVersion()).isEqualTo(version.group(2));
        assertThat(library.getUrl()).endsWith("/Library/" + name);
    }
}

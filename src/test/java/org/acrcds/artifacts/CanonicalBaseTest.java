package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.MetadataResource;
import org.junit.jupiter.api.Test;

/**
 * The canonical base is one build property (the pom's canonical.base): every artifact fhir-resources/ publishes has its
 * url under it, and no content file or class names a canonical of ours under another base (the base's host with
 * another path). To move the project to a real base, change the property and replace the old base in the files this
 * test then names.
 */
class CanonicalBaseTest {

    /** The pom's canonical.base (surefire passes it): run through Maven. */
    static final String BASE = java.util.Objects.requireNonNull(System.getProperty("canonical.base"),
            "system property canonical.base is not set: run through Maven, which passes the pom property");
    static final List<Path> OWNED = List.of(Path.of("cql"), Path.of("hooks"), Path.of("fhir-resources"), Path.of("src/main"));

    @Test
    void everyPublishedArtifactIsUnderTheBase() throws Exception {
        List<String> urls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("fhir-resources"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                MetadataResource resource = (MetadataResource) FhirContext.forR4Cached().newJsonParser().parseResource(Files.readString(file));
                urls.add(resource.getUrl());
            }
        }

        assertThat(urls).hasSizeGreaterThan(20).allSatisfy(url -> assertThat(url)
                .satisfiesAnyOf(own -> assertThat(own).startsWith(BASE + "/"),
                        helpers -> assertThat(helpers).isEqualTo("http://fhir.org/guides/cqf/common/Library/FHIRHelpers")));
    }

    @Test
    void noFileNamesACanonicalOfOursUnderAnotherBase() throws Exception {
        String host = URI.create(BASE).getHost();
        Pattern ours = Pattern.compile("https?://" + Pattern.quote(host) + "/[^\"'\\s)<>|]*");
        List<String> elsewhere = new ArrayList<>();
        int found = 0;
        for (Path root : OWNED) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Matcher matcher = ours.matcher(Files.readString(file));
                    while (matcher.find()) {
                        found++;
                        if (!matcher.group().startsWith(BASE + "/")) {
                            elsewhere.add(file + ": " + matcher.group());
                        }
                    }
                }
            }
        }

        assertThat(found).isGreaterThan(100);
        assertThat(elsewhere).as("canonicals of ours not under canonical.base " + BASE).isEmpty();
    }
}

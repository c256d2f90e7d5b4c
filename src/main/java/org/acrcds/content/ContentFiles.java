package org.acrcds.content;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.acrcds.config.CdsProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/** Reads the clinical content folders ({@code cql/}, {@code hooks/}, {@code fhir-resources/}) from the configured location. */
@Component
public class ContentFiles {

    private final List<String> locations;
    private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    /** @param properties its content location: one location, or several separated by commas (content packs served together) */
    public ContentFiles(CdsProperties properties) {
        this.locations = Arrays.stream(properties.contentLocation().split(","))
                .map(String::trim)
                .map(base -> base.endsWith("/") || base.endsWith(":") ? base : base + "/")
                .toList();
    }

    /** Files matching an Ant-style pattern below the content locations, sorted by path for a stable order. */
    public List<ContentFile> find(String pattern) {
        return locations.stream()
                .flatMap(location -> find(location, pattern).stream())
                .sorted(Comparator.comparing(ContentFile::path))
                .toList();
    }

    private List<ContentFile> find(String location, String pattern) {
        try {
            return Arrays.stream(resolver.getResources(location + pattern))
                    .filter(Resource::isReadable)
                    .map(ContentFiles::read)
                    .toList();
        } catch (FileNotFoundException e) {
            return List.of(); // the folder does not exist: no such content
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list content files " + location + pattern, e);
        }
    }

    private static ContentFile read(Resource resource) {
        try {
            String path = resource.getURL().toString();
            return new ContentFile(path, resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read content file " + resource.getDescription(), e);
        }
    }

    /** A content file: where it came from (for error messages), its file name and its text. */
    public record ContentFile(String path, String fileName, String text) {

        public String baseName() {
            int dot = fileName.lastIndexOf('.');
            return dot < 0 ? fileName : fileName.substring(0, dot);
        }
    }
}

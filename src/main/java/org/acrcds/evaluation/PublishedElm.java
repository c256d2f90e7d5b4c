package org.acrcds.evaluation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.acrcds.content.ContentFiles;
import org.cqframework.cql.cql2elm.LibrarySourceLoader;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmLibraryReaderFactory;
import org.hl7.elm.r1.IncludeDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Library;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ELM published in {@code fhir-resources/resources/Library-*.json}, used at startup instead of translating the
 * CQL (about 2 s of a 7 s start), but only when every library needed was published from exactly the CQL the server
 * would translate: its {@code text/cql} content equals the source, for the library and everything it includes.
 * Otherwise the caller translates, so {@code cql/} stays the one source of truth even when an edited CQL file was
 * deployed without regenerating its Library.
 */
final class PublishedElm {

    private static final Logger log = LoggerFactory.getLogger(PublishedElm.class);
    private static final String CQL = "text/cql";
    private static final String ELM_JSON = "application/elm+json";

    private PublishedElm() {}

    /** The Library resources of {@code fhir-resources/resources/} by name, or empty when one is not a FHIR Library. */
    static Optional<Map<String, Library>> read(ContentFiles contentFiles, FhirContext fhirContext) {
        Map<String, Library> published = new HashMap<>();
        for (ContentFiles.ContentFile file : contentFiles.find("fhir-resources/resources/Library-*.json")) {
            try {
                Library library = fhirContext.newJsonParser().parseResource(Library.class, file.text());
                published.put(library.getName(), library);
            } catch (DataFormatException e) {
                log.info("{} is not a FHIR Library: translating the CQL instead", file.fileName());
                return Optional.empty();
            }
        }
        return Optional.of(published);
    }

    /**
     * @param published the Library resources by name ({@link #read})
     * @param libraryNames the libraries of {@code cql/}
     * @param sources where the translator would read each library's CQL
     * @return every library needed, by name, or empty when one of them has to be translated
     */
    static Optional<Map<String, CompiledLibrary>> load(Map<String, Library> published, Set<String> libraryNames,
            LibrarySourceLoader sources) {
        Map<String, CompiledLibrary> needed = new LinkedHashMap<>();
        Deque<String> toLoad = new ArrayDeque<>(libraryNames);
        while (!toLoad.isEmpty()) {
            String name = toLoad.pop();
            if (needed.containsKey(name)) {
                continue;
            }
            Optional<org.hl7.elm.r1.Library> elm = elmMatchingSource(name, published.get(name), sources);
            if (elm.isEmpty()) {
                return Optional.empty();
            }
            needed.put(name, compiled(elm.get()));
            if (elm.get().getIncludes() != null) {
                elm.get().getIncludes().getDef().stream().map(IncludeDef::getPath).forEach(toLoad::push);
            }
        }
        return Optional.of(needed);
    }

    private static Optional<org.hl7.elm.r1.Library> elmMatchingSource(String name, Library library, LibrarySourceLoader sources) {
        if (library == null) {
            log.info("No published Library for CQL library {}: translating the CQL", name);
            return Optional.empty();
        }
        try {
            org.hl7.elm.r1.Library elm = ElmLibraryReaderFactory.getReader(ELM_JSON).read(content(library, ELM_JSON));
            String source = source(sources, elm.getIdentifier());
            if (!content(library, CQL).equals(source)) {
                log.info("The published Library {} was not generated from its current CQL: translating the CQL", name);
                return Optional.empty();
            }
            return Optional.of(elm);
        } catch (IOException | RuntimeException e) {
            log.info("The published ELM of {} cannot be read ({}): translating the CQL", name, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static String content(Library library, String contentType) {
        return library.getContent().stream()
                .filter(content -> contentType.equals(content.getContentType()))
                .map(content -> new String(content.getData(), StandardCharsets.UTF_8))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + contentType + " content"));
    }

    private static String source(LibrarySourceLoader sources, VersionedIdentifier identifier) throws IOException {
        try (InputStream source = sources.getLibrarySource(identifier)) {
            return source == null ? null : new String(source.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static CompiledLibrary compiled(org.hl7.elm.r1.Library elm) {
        CompiledLibrary compiled = new CompiledLibrary();
        compiled.setIdentifier(elm.getIdentifier());
        compiled.setLibrary(elm);
        return compiled;
    }
}

package org.acrcds.evaluation;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.acrcds.content.ContentException;
import org.acrcds.content.ContentFiles;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.CqlCompilerOptions;
import org.cqframework.cql.cql2elm.CqlTranslator;
import org.cqframework.cql.cql2elm.LibraryBuilder;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.cql2elm.quick.FhirLibrarySourceProvider;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.ValueSetDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The CQL libraries of {@code cql/}, as ELM: the ELM published in their FHIR Library resources when it was generated
 * from exactly these CQL files ({@link PublishedElm}), otherwise translated here (2-3 s on the reference machine,
 * mostly FHIRHelpers and the FHIR model info), so the CQL files stay the only source of truth and a translation
 * error stops the server with the file and line.
 * The compiled libraries are cached in the {@link LibraryManager}, which every evaluation shares read-only.
 */
@Component
public class CqlLibraries {

    private static final Logger log = LoggerFactory.getLogger(CqlLibraries.class);

    private final TranslatedLibraryManager libraryManager;
    private final Map<String, CompiledLibrary> byName;
    private final Map<String, String> canonicalUrls;

    public CqlLibraries(ContentFiles contentFiles, FhirContext fhirContext) {
        long started = System.nanoTime();
        List<ContentFiles.ContentFile> files = contentFiles.find("cql/*.cql");
        Map<String, String> sources = new HashMap<>();
        for (ContentFiles.ContentFile file : files) {
            if (sources.put(file.baseName(), file.text()) != null) {
                throw new ContentException(file.path() + ": another content pack has a CQL library of the same name");
            }
        }
        this.libraryManager = new TranslatedLibraryManager();
        libraryManager.getLibrarySourceLoader().registerProvider(new FhirLibrarySourceProvider());
        libraryManager.getLibrarySourceLoader().registerProvider(id -> source(sources, id));
        Optional<Map<String, org.hl7.fhir.r4.model.Library>> libraryResources = PublishedElm.read(contentFiles, fhirContext);
        Optional<Map<String, CompiledLibrary>> published = libraryResources.flatMap(resources ->
                PublishedElm.load(resources, sources.keySet(), libraryManager.getLibrarySourceLoader()));

        Map<String, CompiledLibrary> compiled = new HashMap<>();
        for (ContentFiles.ContentFile file : files) {
            CompiledLibrary library = published.map(elm -> elm.get(file.baseName())).orElseGet(() -> translate(file));
            String name = library.getIdentifier().getId();
            if (!name.equals(file.baseName())) {
                throw new ContentException(file.path() + " declares library " + name + ": the file name must match");
            }
            compiled.put(name, library);
        }
        for (CompiledLibrary library : published.map(Map::values).orElse(compiled.values())) {
            // The engine looks definitions up by binary search: the statements must be sorted by name.
            if (library.getLibrary().getStatements() != null) {
                library.getLibrary().getStatements().getDef().sort(Comparator.comparing(ExpressionDef::getName));
            }
            libraryManager.getCompiledLibraries().put(library.getIdentifier(), library);
        }
        libraryManager.indexByName();
        this.byName = Map.copyOf(compiled);
        Map<String, String> urls = new HashMap<>();
        libraryResources.orElse(Map.of()).forEach((name, resource) -> {
            if (resource.hasUrl()) {
                urls.put(name, resource.getUrl());
            }
        });
        this.canonicalUrls = Map.copyOf(urls);
        log.info("{} {} CQL libraries {} in {} ms", published.isPresent() ? "Loaded the published ELM of" : "Translated",
                byName.size(), byName.keySet(), (System.nanoTime() - started) / 1_000_000);
    }

    private CompiledLibrary translate(ContentFiles.ContentFile file) {
        CqlTranslator translator = CqlTranslator.fromText(file.text(), libraryManager);
        if (!translator.getErrors().isEmpty()) {
            throw new ContentException("CQL translation failed for " + file.path() + ":\n" + describe(translator.getErrors()));
        }
        return translator.getTranslatedLibrary();
    }

    /**
     * The translator options of the server and of the published Library. Every function call carries its
     * signature ({@code SignatureLevel.All}), so each call resolves once ({@link FunctionResolutionCache}) instead of
     * the engine matching argument types at run time on every call (that matching was about 40 % of an evaluation).
     */
    public static CqlCompilerOptions compilerOptions() {
        CqlCompilerOptions options = CqlCompilerOptions.defaultOptions();
        options.getOptions().add(CqlCompilerOptions.Options.EnableResultTypes);
        options.setSignatureLevel(LibraryBuilder.SignatureLevel.All);
        return options;
    }

    public LibraryManager libraryManager() {
        return libraryManager;
    }

    public VersionedIdentifier identifier(String libraryName) {
        return library(libraryName).getIdentifier();
    }

    /** Names of the top-level {@code define} statements (functions excluded). */
    public Set<String> expressionNames(String libraryName) {
        return statements(libraryName).stream()
                .filter(def -> !(def instanceof FunctionDef))
                .map(ExpressionDef::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What the library's per-order expression can return, read from its ELM (see {@link AssessmentContract}). */
    public AssessmentContract assessmentContract(String libraryName) {
        return AssessmentContract.read(library(libraryName).getLibrary(), CqlEvaluator.ORDER_ASSESSMENTS);
    }

    public Set<String> valueSetUrls(String libraryName) {
        Library.ValueSets valueSets = library(libraryName).getLibrary().getValueSets();
        return valueSets == null ? Set.of()
                : valueSets.getDef().stream().map(ValueSetDef::getId).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The library as FHIR names it: the canonical URL of its Library resource in {@code fhir-resources/resources/}
     * and the version its CQL declares ({@code url|version}), or empty when no Library resource publishes it.
     */
    public Optional<String> canonical(String libraryName) {
        return Optional.ofNullable(canonicalUrls.get(libraryName))
                .map(url -> url + "|" + library(libraryName).getIdentifier().getVersion());
    }

    public Set<String> libraryNames() {
        return byName.keySet();
    }

    private List<ExpressionDef> statements(String libraryName) {
        Library.Statements statements = library(libraryName).getLibrary().getStatements();
        return statements == null ? List.of() : statements.getDef();
    }

    private CompiledLibrary library(String libraryName) {
        CompiledLibrary library = byName.get(libraryName);
        if (library == null) {
            throw new ContentException("No CQL library " + libraryName + " in cql/");
        }
        return library;
    }

    private static InputStream source(Map<String, String> sources, VersionedIdentifier id) {
        String text = sources.get(id.getId());
        return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The engine enters a library on every call of one of its functions (FHIRHelpers' conversions, mostly) and asks
     * the manager for it each time, with a new identifier; the base class answers by streaming over its results and
     * errors (9 % of a small evaluation), and its map compares identifiers field by field through JAXB strategies.
     * Once every library is translated, a library is looked up by name and its version checked.
     */
    private static final class TranslatedLibraryManager extends LibraryManager {

        private volatile Map<String, CompiledLibrary> translatedByName = Map.of();

        TranslatedLibraryManager() {
            super(new ModelManager(), compilerOptions());
        }

        void indexByName() {
            Map<String, CompiledLibrary> byName = new HashMap<>();
            getCompiledLibraries().values().forEach(library -> byName.putIfAbsent(library.getIdentifier().getId(), library));
            translatedByName = Map.copyOf(byName);
        }

        @Override
        public CompiledLibrary resolveLibrary(VersionedIdentifier libraryIdentifier) {
            CompiledLibrary translated = translatedByName.get(libraryIdentifier.getId());
            if (translated != null && sameVersion(translated.getIdentifier(), libraryIdentifier)) {
                return translated;
            }
            translated = getCompiledLibraries().get(libraryIdentifier);
            return translated != null ? translated : super.resolveLibrary(libraryIdentifier);
        }

        private static boolean sameVersion(VersionedIdentifier translated, VersionedIdentifier requested) {
            return Objects.equals(translated.getVersion(), requested.getVersion())
                    && Objects.equals(translated.getSystem(), requested.getSystem());
        }
    }

    private static String describe(List<CqlCompilerException> errors) {
        return errors.stream()
                .map(e -> (e.getLocator() == null ? "" : "line " + e.getLocator().getStartLine() + ":" + e.getLocator().getStartChar() + " ")
                        + e.getMessage())
                .collect(Collectors.joining("\n"));
    }
}

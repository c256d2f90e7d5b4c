package org.acrcds.catalog;

import org.acrcds.content.ContentException;
import org.acrcds.content.ContentFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.acrcds.api.Hook;
import org.acrcds.evaluation.CqlLibraries;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.evaluation.ValueSetIndex;
import org.hl7.fhir.r4.model.Library;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every content pack (the shipped one and the test-only demonstration variant) loads as its files say, and each kind
 * of broken content stops startup with a message naming the problem. The broken fixtures are edits of the
 * demonstration pack, which is test content: they do not change when the clinical content does.
 */
class HookCatalogTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SHIPPED = Path.of(".");
    static final Path DEMO = Path.of("src/test/resources/demo-variant");
    static final String SIGN = "hooks/demo-widget-order-sign.json";
    static final String CARDS = "hooks/cards/demo-widget.json";
    static final String CQL = "cql/DemoWidgetImaging.cql";
    static final String ACTIVITY = "fhir-resources/resources/ActivityDefinition-demo-scan-alpha.json";
    static final Map<Path, CqlLibraries> translated = new TreeMap<>();

    @TempDir
    Path content;

    @BeforeAll
    static void translateOnce() {
        translated.put(SHIPPED, new CqlLibraries(contentAt("classpath:"), FHIR));
        translated.put(DEMO, new CqlLibraries(contentAt("classpath:demo-variant/"), FHIR));
    }

    static ContentFiles contentAt(String location) {
        return CqlLibrariesTest.content(location);
    }

    static Stream<Path> packs() {
        return Stream.of(SHIPPED, DEMO);
    }

    static HookCatalog load(String location, CqlLibraries libraries) {
        ContentFiles files = contentAt(location);
        return new HookCatalog(files, libraries, new ValueSetIndex(files, FHIR), new OrderTemplates(files, FHIR));
    }

    HookCatalog load(CqlLibraries libraries) {
        return load(content.toUri().toString(), libraries);
    }

    /** The temporary pack's CQL translated afresh (for edits of the CQL). */
    HookCatalog loadTranslated() {
        return load(new CqlLibraries(contentAt(content.toUri().toString()), FHIR));
    }

    static void copy(Path pack, Path target) throws IOException {
        for (String folder : new String[] {"cql", "hooks", "fhir-resources"}) {
            Path source = pack.resolve(folder);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.toList()) {
                    Path copy = target.resolve(pack.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    void replaceIn(String file, String from, String to) throws IOException {
        Path path = content.resolve(file);
        String text = Files.readString(path);
        assertThat(text).as("%s contains the text to break", file).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    static Map<String, ObjectNode> hookFiles(Path pack) throws IOException {
        Map<String, ObjectNode> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(pack.resolve("hooks"))) {
            for (Path path : paths.filter(file -> file.toString().endsWith(".json")).toList()) {
                String name = path.getFileName().toString();
                files.put(name.substring(0, name.length() - ".json".length()), (ObjectNode) JSON.readTree(path.toFile()));
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packs")
    void everyPackLoadsTheServicesOfItsHookFiles(Path pack) throws IOException {
        copy(pack, content);
        Map<String, ObjectNode> files = hookFiles(pack);

        HookCatalog catalog = load(translated.get(pack));

        assertThat(catalog.services()).extracting(HookDefinition::id).containsExactlyElementsOf(files.keySet());
        for (HookDefinition service : catalog.services()) {
            ObjectNode file = files.get(service.id());
            String library = file.path("config").path("library").asText();
            Library published = FHIR.newJsonParser().parseResource(Library.class,
                    Files.readString(pack.resolve("fhir-resources/resources/Library-" + library + ".json")));
            assertThat(service.hook()).extracting(Hook::code).isEqualTo(file.path("hook").asText());
            assertThat(service.config().library()).isEqualTo(library);
            assertThat(service.criteriaApplied()).as("the criteria of %s", service.id())
                    .isEqualTo(published.getUrl() + "|" + translated.get(pack).identifier(library).getVersion());
        }
    }

    /** CDS Hooks summaries must stay under 140 characters for every procedure name and category the CQL can fill in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("packs")
    void everyCardSummaryStaysUnder140CharactersForEveryProcedure(Path pack) throws IOException {
        copy(pack, content);
        List<String[]> procedures = new ArrayList<>();
        try (Stream<Path> cql = Files.list(pack.resolve("cql"))) {
            for (Path file : cql.toList()) {
                Matcher names = Pattern.compile("name: '([^']+)', category: '([^']+)'").matcher(Files.readString(file));
                while (names.find()) {
                    procedures.add(new String[] {names.group(1), names.group(2)});
                }
            }
        }
        assertThat(procedures).as("procedure classes in %s/cql", pack).isNotEmpty();

        for (HookDefinition service : load(translated.get(pack)).services()) {
            service.cardTemplates().cards().forEach((name, card) -> procedures.forEach(procedure -> {
                String summary = card.summary().replace("${procedureName}", procedure[0]).replace("${category}", procedure[1]);
                assertThat(summary.length()).as("card %s with %s: %s", name, procedure[0], summary).isLessThan(140);
            }));
        }
    }

    /** One edit of the demonstration pack, and what the server must say when it starts on it. */
    record Broken(String description, String file, String from, String to, String message) {

        @Override
        public String toString() {
            return description;
        }
    }

    static Stream<Broken> brokenHookAndCardFiles() {
        return Stream.of(
                new Broken("a hook file without config.library", SIGN, "\"library\": \"DemoWidgetImaging\",", "",
                        "config.library is required"),
                new Broken("a library cql/ lacks", SIGN, "\"library\": \"DemoWidgetImaging\"", "\"library\": \"NoSuchLibrary\"",
                        "CQL library NoSuchLibrary is not in cql/"),
                new Broken("a card file hooks/cards/ lacks", SIGN, "\"cardTemplates\": \"demo-widget\"", "\"cardTemplates\": \"no-such-cards\"",
                        "card templates hooks/cards/no-such-cards.json not found"),
                new Broken("a hook file without hook", SIGN, "\"hook\": \"order-sign\",", "", "hook is required"),
                new Broken("a hook file without title", SIGN,
                        "\"title\": \"Demonstration only, not clinical guidance: made-up widget imaging (before signing)\",", "",
                        "title and description are required"),
                new Broken("a hook file without prefetch templates", SIGN,
                        "\"patient\": \"Patient/{{context.patientId}}\",\n    \"conditions\": \"Condition?patient={{context.patientId}}\"", "",
                        "prefetch templates are required"),
                new Broken("a required prefetch key without template", SIGN, "\"conditions\": \"Condition?", "\"problems\": \"Condition?",
                        "required prefetch key conditions has no template"),
                new Broken("a patient card naming no template", SIGN, "\"demo-no-widget-syndrome\"", "\"no-such-card\"",
                        "unknown patient card template no-such-card"),
                new Broken("an unsupported hook", SIGN, "\"hook\": \"order-sign\"", "\"hook\": \"patient-view\"",
                        "\"patient-view\": not one of the values accepted for Enum class"),
                new Broken("an unknown field in a hook file", SIGN, "\"usageRequirements\"", "\"usageRequirement\"",
                        "Cannot read"),
                new Broken("a card file without source label", CARDS, "\"label\": \"Demonstration only: not clinical guidance (made-up widget imaging variant)\",", "",
                        "source.label is required"),
                new Broken("an override reason without display", CARDS, "\"display\": \"Recommendation does not align with patient preferences or values\"",
                        "\"display\": \"\"", "override reason patient-preference needs system, code and display"),
                new Broken("a card without indicator", CARDS, "\"indicator\": \"info\",", "", "indicator is required"),
                new Broken("an unknown indicator", CARDS, "\"indicator\": \"warning\"", "\"indicator\": \"urgent\"",
                        "\"urgent\": not one of the values accepted for Enum class"),
                new Broken("a blank summary", CARDS, "\"summary\": \"Demo only: no demo widget syndrome recorded, so the made-up criteria do not apply\"",
                        "\"summary\": \" \"", "card demo-no-widget-syndrome: summary is required"),
                new Broken("a card without condition", CARDS, "\"condition\": \"Has Demo May Be Appropriate Order\",", "",
                        "card demo-may-be-appropriate: condition is required"),
                new Broken("a card condition the CQL does not define", CARDS, "\"condition\": \"Refer To Another Demo Variant\"",
                        "\"condition\": \"No Such Expression\"",
                        "card demo-no-widget-syndrome: condition \"No Such Expression\" is not defined in DemoWidgetImaging"),
                new Broken("a card condition that is not Boolean", CARDS, "\"condition\": \"Has Demo May Be Appropriate Order\"",
                        "\"condition\": \"Draft Orders\"",
                        "card demo-may-be-appropriate: condition \"Draft Orders\" is not a Boolean definition in DemoWidgetImaging"),
                new Broken("a card without description", CARDS,
                        "\"description\": \"Demonstration only: a made-up May be appropriate order; inform.\",", "",
                        "card demo-may-be-appropriate: description is required"),
                new Broken("a topic without display", CARDS, ",\n        \"display\": \"Demonstration: made-up May be appropriate order\"", "",
                        "card demo-may-be-appropriate: topic.display is required"),
                new Broken("a topic code that is not alphanumeric", CARDS, "\"code\": \"DEMONOTAPPROPRIATE\"", "\"code\": \"DEMO-NOT-APPROPRIATE\"",
                        "card demo-not-appropriate: topic.code must be alphanumeric"),
                new Broken("a suggestion that both replaces and removes the draft", CARDS,
                        "\"replaceDraftWith\": \"ActivityDefinition/demo-scan-alpha\",",
                        "\"replaceDraftWith\": \"ActivityDefinition/demo-scan-alpha\", \"removeDraft\": true,",
                        "either replaces the draft (replaceDraftWith) or removes it (removeDraft)"),
                new Broken("a suggestion of an ActivityDefinition fhir-resources/ lacks", CARDS, "ActivityDefinition/demo-scan-alpha",
                        "ActivityDefinition/no-such-order", "ActivityDefinition/no-such-order not found in fhir-resources/"),
                new Broken("a suggestion without selectionBehavior", CARDS, "\"selectionBehavior\": \"any\",", "",
                        "selectionBehavior is required with a suggestion"),
                new Broken("a replacing suggestion without its create-delete labels", CARDS,
                        "\"removeLabel\": \"Remove the draft order for ${procedureName}\"", "\"removeLabel\": \" \"",
                        "needs orderLabel and removeLabel (sites with create-delete)"),
                new Broken("an unknown override reason", CARDS, "\"overrideReasons\": [\n        \"patient-preference\"",
                        "\"overrideReasons\": [\n        \"made-up\"", "card demo-not-appropriate: unknown override reason made-up"),
                new Broken("a card the CQL can return but the card file lacks", CARDS, "\"demo-may-be-appropriate\": {", "\"demo-maybe\": {",
                        "DemoWidgetImaging can return card 'demo-may-be-appropriate', which hooks/cards/demo-widget.json does not define"),
                new Broken("a note the CQL can return but the card file lacks", CARDS, "\"demo-young-patient\":", "\"demo-young\":",
                        "DemoWidgetImaging can return note 'demo-young-patient', which hooks/cards/demo-widget.json does not define"),
                new Broken("an unknown placeholder in a note", CARDS, "plan ${scanMinutes} minutes", "plan ${scanTime} minutes",
                        "note demo-young-patient: placeholder ${scanTime} is not an element"),
                new Broken("an unknown placeholder in a card", CARDS, "takes ${scanMinutes} minutes", "takes ${scanDuration} minutes",
                        "card demo-not-appropriate: placeholder ${scanDuration} is not an element"),
                new Broken("an unknown placeholder in a suggestion label", CARDS, "Remove the draft order for ${procedureName}", "Remove ${procedure}",
                        "placeholder ${procedure} is not an element"),
                new Broken("a value set the CQL uses but fhir-resources/ lacks", "fhir-resources/vocabulary/ValueSet-demo-scan-gamma.json", null, null,
                        "value set http://example.org/fhir/acr-cds-demo/ValueSet/demo-scan-gamma used by DemoWidgetImaging has no ValueSet"),
                new Broken("a suggestable order without url", ACTIVITY,
                        "\"url\": \"http://example.org/fhir/acr-cds-demo/ActivityDefinition/demo-scan-alpha\",", "",
                        "needs a url (its rating is found by it)"),
                new Broken("an ActivityDefinition a card suggests is missing", ACTIVITY, null, null,
                        "ActivityDefinition/demo-scan-alpha not found in fhir-resources/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenHookAndCardFiles")
    void brokenContentStopsStartupWithAMessage(Broken broken) throws IOException {
        copy(DEMO, content);
        if (broken.from() == null) {
            Files.delete(content.resolve(broken.file()));
        } else {
            replaceIn(broken.file(), broken.from(), broken.to());
        }

        var thrown = assertThatThrownBy(() -> load(translated.get(DEMO))).isInstanceOf(ContentException.class)
                .hasMessageContaining(broken.message());
        if (broken.from() != null) {
            thrown.as("names the file edited").hasMessageContaining(broken.file().substring(broken.file().lastIndexOf('/') + 1));
        }
    }

    static Stream<Broken> brokenCql() {
        return Stream.of(
                new Broken("a card name the CQL computes instead of spelling", CQL, "then 'demo-not-appropriate'",
                        "then 'demo-not-' + 'appropriate'", "every value of Order Assessments's card must be a string literal"),
                new Broken("a note name the CQL computes instead of spelling", CQL, "then 'demo-young-patient'",
                        "then 'demo-young-' + 'patient'", "every value of Order Assessments's notes must be a string literal"),
                new Broken("a card condition the CQL makes other than Boolean", CQL,
                        "exists (\"Rated Order Assessments\" A where A.card = 'demo-may-be-appropriate')",
                        "Count(\"Rated Order Assessments\" A where A.card = 'demo-may-be-appropriate')",
                        "condition \"Has Demo May Be Appropriate Order\" is not a Boolean definition in DemoWidgetImaging"),
                new Broken("a library without \"Order Assessments\"", CQL, "\"Order Assessments\"", "\"Assessments Of Orders\"",
                        "library DemoWidgetImaging does not define \"Order Assessments\""),
                new Broken("\"Order Assessments\" not built of Tuple { ... }", CQL, "return \"Assessment\"(S, P, \"Not Applicable Reason\"(P))",
                        "return singleton from { \"Assessment\"(S, P, \"Not Applicable Reason\"(P)) }",
                        "\"Order Assessments\" must return tuples"),
                new Broken("a library without its published Library resource", "fhir-resources/resources/Library-DemoWidgetImaging.json", null, null,
                        "no Library resource in fhir-resources/resources/ publishes CQL library DemoWidgetImaging"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCql")
    void brokenCqlStopsStartupWithAMessage(Broken broken) throws IOException {
        copy(DEMO, content);
        if (broken.from() == null) {
            Files.delete(content.resolve(broken.file()));
        } else {
            replaceIn(broken.file(), broken.from(), broken.to());
        }

        assertThatThrownBy(this::loadTranslated).isInstanceOf(ContentException.class).hasMessageContaining(broken.message());
    }

    @Test
    void aCardFileWithoutCardsFails() throws IOException {
        copy(DEMO, content);
        ObjectNode templates = (ObjectNode) JSON.readTree(content.resolve(CARDS).toFile());
        templates.putObject("cards");
        JSON.writeValue(content.resolve(CARDS).toFile(), templates);

        assertThatThrownBy(() -> load(translated.get(DEMO))).isInstanceOf(ContentException.class)
                .hasMessageContaining("demo-widget.json: no cards defined");
    }

    @Test
    void aPackWithoutHookFilesFails() throws IOException {
        copy(DEMO, content);
        for (String service : hookFiles(DEMO).keySet()) {
            Files.delete(content.resolve("hooks/" + service + ".json"));
        }

        assertThatThrownBy(() -> load(translated.get(DEMO))).isInstanceOf(ContentException.class)
                .hasMessageContaining("No service definitions found in hooks/");
    }

    /** The contract is read from the CQL: a new element of the assessment tuple is a placeholder with no Java change. */
    @Test
    void aNewTupleElementCanBeQuotedByACard() throws IOException {
        copy(DEMO, content);
        replaceIn(CQL, "    orderId: S.id,\n", "    orderId: S.id,\n    reviewedBy: 'the made-up panel',\n");
        replaceIn(CARDS, "by the made-up rules and takes", "by ${reviewedBy} and takes");

        assertThat(loadTranslated().services()).hasSize(hookFiles(DEMO).size());
        assertThatThrownBy(() -> load(translated.get(DEMO))).as("the pack's own CQL has no such element")
                .isInstanceOf(ContentException.class).hasMessageContaining("placeholder ${reviewedBy} is not an element");
    }

    /** Two packs served together (comma-separated locations) may not both define the same thing. */
    static Stream<Broken> sharedBetweenPacks() {
        return Stream.of(
                new Broken("a service id in two packs", SIGN, null, null, "another content pack defines a service with the same id"),
                new Broken("a card file in two packs", CARDS, null, null, "another content pack has card templates of the same name"),
                new Broken("an ActivityDefinition id in two packs", ACTIVITY, null, null, "another content pack has one of the same id"),
                new Broken("a value set url in two packs", "fhir-resources/vocabulary/ValueSet-demo-scan-beta.json", null, null,
                        "Duplicate ValueSet url http://example.org/fhir/acr-cds-demo/ValueSet/demo-scan-beta"),
                new Broken("a CQL library in two packs", CQL, null, null, "another content pack has a CQL library of the same name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedBetweenPacks")
    void aFileInTwoPacksStopsStartup(Broken broken) throws IOException {
        Path first = Files.createDirectories(content.resolve("first"));
        Path second = content.resolve("second");
        copy(DEMO, first);
        Files.createDirectories(second.resolve(broken.file()).getParent());
        Files.copy(DEMO.resolve(broken.file()), second.resolve(broken.file()));
        String locations = first.toUri() + "," + second.toUri();

        assertThatThrownBy(() -> load(locations, broken.file().startsWith("cql/")
                ? new CqlLibraries(contentAt(locations), FHIR) : translated.get(DEMO)))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining(broken.file().substring(broken.file().lastIndexOf('/') + 1))
                .hasMessageContaining(broken.message());
    }
}

package org.acrcds.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.acrcds.api.Hook;
import org.acrcds.evaluation.CqlLibraries;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.evaluation.ValueSetIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped content loads, and each kind of broken content stops startup with a message naming the file. */
class HookCatalogTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static CqlLibraries shippedLibraries;

    @TempDir
    Path content;

    @BeforeAll
    static void translateOnce() {
        shippedLibraries = new CqlLibraries(contentAt("classpath:"), FhirContext.forR4Cached());
    }

    static ContentFiles contentAt(String location) {
        return CqlLibrariesTest.content(location);
    }

    HookCatalog load(CqlLibraries libraries) {
        ContentFiles files = contentAt(content.toUri().toString());
        return new HookCatalog(files, libraries, new ValueSetIndex(files, FHIR), new OrderTemplates(files, FHIR));
    }

    void copyShippedContent() throws IOException {
        for (String folder : new String[] {"cql", "hooks", "fhir-resources"}) {
            Path source = Path.of(folder);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.toList()) {
                    Path target = content.resolve(source.getParent() == null ? path.toString() : path.toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    void replaceIn(String file, String from, String to) throws IOException {
        Path path = content.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    @Test
    void shippedContentLoadsBothServices() throws IOException {
        copyShippedContent();

        HookCatalog catalog = load(shippedLibraries);

        assertThat(catalog.services()).extracting(HookDefinition::id)
                .containsExactly("jia-spine-followup-order-select", "jia-spine-followup-order-sign");
        assertThat(catalog.find("jia-spine-followup-order-sign")).get().extracting(HookDefinition::hook).isEqualTo(Hook.ORDER_SIGN);
        assertThat(catalog.services()).extracting(HookDefinition::criteriaApplied).containsOnly(
                "http://example.org/fhir/acr-cds/Library/JIAFollowUpSpineImaging|"
                        + shippedLibraries.identifier("JIAFollowUpSpineImaging").getVersion());
    }

    @Test
    void libraryWithoutPublishedLibraryResourceFails() throws IOException {
        copyShippedContent();
        Files.delete(content.resolve("fhir-resources/resources/Library-JIAFollowUpSpineImaging.json"));
        CqlLibraries translated = new CqlLibraries(contentAt(content.toUri().toString()), FHIR);

        assertThatThrownBy(() -> load(translated)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup-order-s")
                .hasMessageContaining("no Library resource in fhir-resources/resources/ publishes CQL library JIAFollowUpSpineImaging");
    }

    /** CDS Hooks summaries must stay under 140 characters for every procedure name the CQL can fill in. */
    @Test
    void everyCardSummaryStaysUnder140CharactersForEveryProcedure() throws IOException {
        copyShippedContent();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("name: '([^']+)', category: '([^']+)'")
                .matcher(Files.readString(Path.of("cql/JIAFollowUpSpineImaging.cql")));
        java.util.List<String[]> procedures = new java.util.ArrayList<>();
        while (names.find()) {
            procedures.add(new String[] {names.group(1), names.group(2)});
        }
        assertThat(procedures).hasSize(5);

        for (HookDefinition service : load(shippedLibraries).services()) {
            service.cardTemplates().cards().forEach((name, card) -> procedures.forEach(procedure -> {
                String summary = card.summary().replace("${procedureName}", procedure[0]).replace("${category}", procedure[1]);
                assertThat(summary.length()).as("card %s with %s: %s", name, procedure[0], summary).isLessThan(140);
            }));
        }
    }

    @Test
    void aCardTheCqlCanReturnButTheTemplatesLackFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/cards/jia-spine-followup.json", "\"without-contrast\": {", "\"without-contrast-renamed\": {");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup-order-")
                .hasMessageContaining("JIAFollowUpSpineImaging can return card 'without-contrast', which hooks/cards/jia-spine-followup.json does not define");
    }

    @Test
    void aNoteTheCqlCanReturnButTheTemplatesLackFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/cards/jia-spine-followup.json", "\"implant-status-unknown\":", "\"implant-status-unchecked\":");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("can return note 'implant-status-unknown', which hooks/cards/jia-spine-followup.json does not define");
    }

    @Test
    void aCardNameTheCqlComputesInsteadOfSpellingFails() throws IOException {
        copyShippedContent();
        replaceIn("cql/JIAFollowUpSpineImaging.cql", "then 'without-contrast'", "then 'without-' + 'contrast'");

        assertThatThrownBy(() -> load(new CqlLibraries(contentAt(content.toUri().toString()), FHIR)))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("every value of Order Assessments's card must be a string literal");
    }

    /** The contract is read from the CQL: a new element of the assessment tuple is a placeholder with no Java change. */
    @Test
    void aNewTupleElementCanBeQuotedByACard() throws IOException {
        copyShippedContent();
        replaceIn("cql/JIAFollowUpSpineImaging.cql", "    orderId: S.id,\n", "    orderId: S.id,\n    reviewedBy: 'the ACR panel',\n");
        replaceIn("hooks/cards/jia-spine-followup.json", "${radiationDose}", "${radiationDose} (${reviewedBy})");

        assertThat(load(new CqlLibraries(contentAt(content.toUri().toString()), FHIR)).services()).hasSize(2);
        assertThatThrownBy(() -> load(shippedLibraries)).as("the shipped CQL has no such element")
                .isInstanceOf(ContentException.class).hasMessageContaining("placeholder ${reviewedBy} is not an element");
    }

    @Test
    void patientCardNamingAnUndefinedExpressionFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/jia-spine-followup-order-select.json", "Refer To Initial Imaging Variant", "No Such Expression");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup-order-select.json")
                .hasMessageContaining("\"No Such Expression\" is not defined");
    }

    @Test
    void valueSetUsedByCqlButMissingFails() throws IOException {
        copyShippedContent();
        Files.delete(content.resolve("fhir-resources/vocabulary/ValueSet-fever.json"));

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("ValueSet/fever");
    }

    @Test
    void suggestionOfUnknownActivityDefinitionFails() throws IOException {
        copyShippedContent();
        Files.delete(content.resolve("fhir-resources/resources/ActivityDefinition-mri-complete-spine-without-and-with-contrast.json"));

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup.json")
                .hasMessageContaining("ActivityDefinition/mri-complete-spine-without-and-with-contrast not found");
    }

    @Test
    void suggestableOrderWithoutUrlFails() throws IOException {
        copyShippedContent();
        replaceIn("fhir-resources/resources/ActivityDefinition-mri-complete-spine-without-and-with-contrast.json",
                "\"url\": \"http://example.org/fhir/acr-cds/ActivityDefinition/mri-complete-spine-without-and-with-contrast\",", "");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("ActivityDefinition-mri-complete-spine-without-and-with-contrast.json")
                .hasMessageContaining("needs a url (its rating is found by it)");
    }

    @Test
    void suggestionReplacingTheDraftWithoutItsCreateDeleteLabelsFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/cards/jia-spine-followup.json", "\"removeLabel\": \"Remove the draft order for ${procedureName}\"",
                "\"removeLabel\": \" \"");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup.json")
                .hasMessageContaining("needs orderLabel and removeLabel (sites with create-delete)");
    }

    @Test
    void unknownPlaceholderInASuggestionLabelFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/cards/jia-spine-followup.json", "Remove the draft order for ${procedureName}", "Remove ${procedure}");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("placeholder ${procedure}");
    }

    @Test
    void unknownPlaceholderFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/cards/jia-spine-followup.json", "${radiationDose}", "${radiationDosage}");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("placeholder ${radiationDosage}");
    }

    @Test
    void unknownOverrideReasonFails() throws IOException {
        copyShippedContent();
        Path templates = content.resolve("hooks/cards/jia-spine-followup.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = json.readTree(templates.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.at("/cards/not-appropriate/overrideReasons")).set(0, "made-up");
        json.writeValue(templates.toFile(), tree);

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("unknown override reason made-up");
    }

    @Test
    void unsupportedHookFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/jia-spine-followup-order-sign.json", "\"hook\": \"order-sign\"", "\"hook\": \"patient-view\"");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup-order-sign.json")
                .hasMessageContaining("\"patient-view\": not one of the values accepted for Enum class");
    }

    @Test
    void unknownIndicatorFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/cards/jia-spine-followup.json", "\"indicator\": \"warning\"", "\"indicator\": \"urgent\"");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("hooks/cards/jia-spine-followup.json")
                .hasMessageContaining("\"urgent\": not one of the values accepted for Enum class");
    }

    @Test
    void unknownFieldInHookFileFails() throws IOException {
        copyShippedContent();
        replaceIn("hooks/jia-spine-followup-order-sign.json", "\"usageRequirements\"", "\"usageRequirement\"");

        assertThatThrownBy(() -> load(shippedLibraries)).isInstanceOf(ContentException.class)
                .hasMessageContaining("jia-spine-followup-order-sign.json");
    }
}

package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.acrcds.evaluation.CqlLibrariesTest;
import org.acrcds.evaluation.ValueSetIndex;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source of truth for value set members: each ValueSet's {@code expansion} is generated from its compose and the
 * ICD-10-CM code list (ValueSetExpansions). Run with -Dartifacts.update=true after changing a compose or the code
 * list; the test fails while a committed expansion (or the narrative, Narratives) differs from what they give.
 */
class ValueSetExpansionsTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final Path VOCABULARY = Path.of("fhir-resources/vocabulary");

    static Map<String, String> icd10cm;
    static List<ValueSet> valueSets;
    static ValueSetExpansions expansions;

    @BeforeAll
    static void load() throws Exception {
        icd10cm = ValueSetExpansions.readIcd10cmBranches(ValueSetExpansions.ICD_10_CM_BRANCHES);
        valueSets = new ArrayList<>();
        for (Path file : valueSetFiles().toList()) {
            valueSets.add(FHIR.newJsonParser().parseResource(ValueSet.class, Files.readString(file)));
        }
        expansions = new ValueSetExpansions(icd10cm, valueSets);
    }

    static Stream<Path> valueSetFiles() throws Exception {
        try (Stream<Path> files = Files.list(VOCABULARY)) {
            return files.filter(path -> path.getFileName().toString().matches("ValueSet-.*\\.json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSetFiles")
    void expansionIsGeneratedFromTheCompose(Path file) throws Exception {
        String text = Files.readString(file);
        ValueSet valueSet = FHIR.newJsonParser().parseResource(ValueSet.class, text);
        String expected = ArtifactJson.published(text, Narratives.of(valueSet), expansions.expansionOf(valueSet));
        if (Boolean.getBoolean("artifacts.update")) {
            Files.writeString(file, expected);
        }

        assertThat(Files.readString(file)).as(file + " is out of date with its compose and " + ValueSetExpansions.ICD_10_CM_BRANCHES
                + "; run with -Dartifacts.update=true").isEqualTo(expected);
    }

    /** A filter the code list cannot resolve stops the generation instead of shipping a ValueSet without its expansion. */
    @Test
    void filtersWithoutACodeListAreRefused() {
        ValueSet atc = new ValueSet().setUrl("urn:test:atc");
        atc.getCompose().addInclude().setSystem("http://www.whocc.no/atc").addFilter()
                .setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("H02AB");
        ValueSet missingBranch = new ValueSet().setUrl("urn:test:t08");
        missingBranch.getCompose().addInclude().setSystem(ValueSetExpansions.ICD_10_CM).addFilter()
                .setProperty("concept").setOp(ValueSet.FilterOperator.ISA).setValue("T08");

        assertThatThrownBy(() -> expansions.expansionOf(atc)).isInstanceOf(ValueSetExpansions.NotExpandable.class)
                .hasMessageContaining("H02AB in http://www.whocc.no/atc");
        assertThatThrownBy(() -> expansions.expansionOf(missingBranch)).isInstanceOf(ValueSetExpansions.NotExpandable.class)
                .hasMessageContaining("ICD-10-CM T08 is not in");
    }

    @Test
    void expansionsFollowIsAFiltersAndNestedIncludes() {
        assertThat(expansions.contains(byId("juvenile-idiopathic-arthritis")))
                .containsKeys(ValueSetExpansions.ICD_10_CM + "|M08", ValueSetExpansions.ICD_10_CM + "|M08.0A",
                        ValueSetExpansions.ICD_10_CM + "|M08.89", ValueSetExpansions.ICD_10_CM + "|L40.54", "http://snomed.info/sct|410502007")
                .doesNotContainKey(ValueSetExpansions.ICD_10_CM + "|M1A");
        assertThat(expansions.contains(byId("back-pain")))
                .containsKeys("http://snomed.info/sct|279038004", ValueSetExpansions.ICD_10_CM + "|M54.50", ValueSetExpansions.ICD_10_CM + "|M54.9");
        assertThat(expansions.contains(byId("fever"))).hasSize(8);
        assertThat(expansions.contains(byId("spine-or-trunk-injury")))
                .containsKeys(ValueSetExpansions.ICD_10_CM + "|S12", ValueSetExpansions.ICD_10_CM + "|S13.4XXA",
                        ValueSetExpansions.ICD_10_CM + "|S24.109S", ValueSetExpansions.ICD_10_CM + "|S32.010A",
                        ValueSetExpansions.ICD_10_CM + "|S34.9XXS")
                .doesNotContainKeys(ValueSetExpansions.ICD_10_CM + "|S15", ValueSetExpansions.ICD_10_CM + "|S31.839S",
                        ValueSetExpansions.ICD_10_CM + "|S42.001A")
                .hasSize(2852);
        assertThat(expansions.contains(byId("systemic-corticosteroids")).keySet())
                .allSatisfy(key -> assertThat(key).startsWith("http://www.nlm.nih.gov/research/umls/rxnorm|")).hasSize(4);
    }

    /** Each branch was copied line by line from the order file: its order numbers run without a gap from its root. */
    @Test
    void codeListBranchesAreWholeRunsOfTheOrderFile() throws Exception {
        List<String[]> rows = Files.readAllLines(ValueSetExpansions.ICD_10_CM_BRANCHES).stream()
                .filter(line -> !line.startsWith("#") && !line.startsWith("order\t")).map(line -> line.split("\t")).toList();
        Set<String> roots = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            int order = Integer.parseInt(rows.get(i)[0]);
            boolean continuesRun = i > 0 && Integer.parseInt(rows.get(i - 1)[0]) == order - 1;
            if (!continuesRun) {
                roots.add(rows.get(i)[1]);
            }
        }

        assertThat(roots).containsExactly("M08", "M25.5", "M46.2", "R50", "S12", "S22", "S32");
        assertThat(rows).allSatisfy(row -> assertThat(row[1]).matches("[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?"));
    }

    /** The server decides membership from the compose (ValueSetIndex); engines elsewhere from the expansion: both agree. */
    @Test
    void valueSetIndexAndExpansionsAgreeOnEveryKnownCode() {
        ValueSetIndex index = new ValueSetIndex(CqlLibrariesTest.content(Path.of("").toAbsolutePath().toUri().toString()), FHIR);
        Set<String> knownCodes = new LinkedHashSet<>();
        icd10cm.keySet().forEach(code -> knownCodes.add(ValueSetExpansions.ICD_10_CM + "|" + code));
        valueSets.forEach(valueSet -> valueSet.getCompose().getInclude().forEach(include -> include.getConcept()
                .forEach(concept -> knownCodes.add(include.getSystem() + "|" + concept.getCode()))));
        int compared = 0;
        for (ValueSet valueSet : valueSets) {
            Set<String> expanded = expansions.contains(valueSet).keySet();
            for (String key : knownCodes) {
                String[] systemAndCode = key.split("\\|", 2);
                assertThat(index.contains(valueSet.getUrl(), systemAndCode[0], systemAndCode[1]))
                        .as(valueSet.getIdPart() + " " + key).isEqualTo(expanded.contains(key));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    private static ValueSet byId(String id) {
        return valueSets.stream().filter(valueSet -> id.equals(valueSet.getIdPart())).findFirst().orElseThrow();
    }
}

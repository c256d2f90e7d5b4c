package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.acrcds.content.ContentException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueSetIndexTest {

    static final String BASE = "http://example.org/fhir/acr-cds/ValueSet/";
    static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";
    static final String SCT = "http://snomed.info/sct";
    static ValueSetIndex shipped;

    @BeforeAll
    static void load() {
        shipped = new ValueSetIndex(CqlLibrariesTest.content("classpath:"), FhirContext.forR4Cached());
    }

    @Test
    void listedConceptsAreMembers() {
        assertThat(shipped.contains(BASE + "juvenile-idiopathic-arthritis", SCT, "410502007")).isTrue();
        assertThat(shipped.contains(BASE + "juvenile-idiopathic-arthritis", SCT, "195967001")).isFalse();
        assertThat(shipped.contains(BASE + "juvenile-idiopathic-arthritis", ICD, "410502007")).isFalse();
    }

    @Test
    void isAFilterOnIcd10CmCoversDescendantCodes() {
        assertThat(shipped.contains(BASE + "juvenile-idiopathic-arthritis", ICD, "M08.1")).isTrue();
        assertThat(shipped.contains(BASE + "juvenile-idiopathic-arthritis", ICD, "M08.0A")).isTrue();
        assertThat(shipped.contains(BASE + "juvenile-idiopathic-arthritis", ICD, "M06.9")).isFalse();
        assertThat(shipped.contains(BASE + "spine-or-trunk-injury", ICD, "S32.010A")).isTrue();
        assertThat(shipped.contains(BASE + "spine-or-trunk-injury", ICD, "S42.001A")).isFalse();
    }

    @Test
    void includedValueSetsAreMembers() {
        assertThat(shipped.contains(BASE + "back-pain", ICD, "M54.6")).isTrue();
        assertThat(shipped.contains(BASE + "back-pain", SCT, "279039007")).isTrue();
        assertThat(shipped.contains(BASE + "mri-spine-area-without-and-with-contrast", "http://www.ama-assn.org/go/cpt", "72158")).isTrue();
    }

    /** The compose decides: the published expansion is skipped unread (HAPI need not build thousands of codes at startup). */
    @Test
    void theExpansionIsNotRead(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("fhir-resources"));
        Files.writeString(dir.resolve("fhir-resources/ValueSet-fever.json"), """
                {"resourceType": "ValueSet", "url": "http://x/ValueSet/fever", "status": "active",
                 "compose": {"include": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "concept": [{"code": "R50.9"}]}]},
                 "expansion": {"timestamp": "2025-04-01T00:00:00Z",
                   "contains": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "R50.81"}, {"code": ["not", "FHIR"]}]}}
                """);

        ValueSetIndex index = new ValueSetIndex(CqlLibrariesTest.content(dir.toUri().toString()), FhirContext.forR4Cached());

        assertThat(index.contains("http://x/ValueSet/fever", ICD, "R50.9")).isTrue();
        assertThat(index.contains("http://x/ValueSet/fever", ICD, "R50.81")).isFalse();
        assertThat(ValueSetIndex.withoutExpansion("{\"resourceType\": \"ValueSet\", \"expansion\": {\"total\": 1}, \"status\": \"active\"}"))
                .isEqualTo("{\"resourceType\":\"ValueSet\",\"status\":\"active\"}");
    }

    @Test
    void filterThatCannotBeEvaluatedOfflineFails(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("fhir-resources"));
        Files.writeString(dir.resolve("fhir-resources/ValueSet-snomed-descendants.json"), """
                {"resourceType": "ValueSet", "url": "http://x/ValueSet/d", "status": "active",
                 "compose": {"include": [{"system": "http://snomed.info/sct",
                   "filter": [{"property": "concept", "op": "is-a", "value": "410502007"}]}]}}
                """);

        assertThatThrownBy(() -> new ValueSetIndex(CqlLibrariesTest.content(dir.toUri().toString()), FhirContext.forR4Cached()))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("cannot be evaluated offline");
    }
}

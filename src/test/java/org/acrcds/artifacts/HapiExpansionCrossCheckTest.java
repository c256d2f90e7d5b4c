package org.acrcds.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport.ValueSetExpansionOutcome;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second opinion on the published expansions: HAPI FHIR's own in-memory terminology (ValueSet/$expand as
 * InMemoryTerminologyServerValidationSupport performs it) expands each compose, with the ICD-10-CM code list given to
 * it as a hierarchical CodeSystem fragment, and must list the same codes as the committed expansion.
 */
class HapiExpansionCrossCheckTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static ValidationSupportChain chain;

    @BeforeAll
    static void buildTerminology() throws Exception {
        ValueSetExpansionsTest.load();
        PrePopulatedValidationSupport content = new PrePopulatedValidationSupport(FHIR);
        // the code list, and the ICD-10-CM codes the composes list by name (HAPI drops a listed code its CodeSystem lacks)
        Map<String, String> icd10cm = new LinkedHashMap<>(ValueSetExpansionsTest.icd10cm);
        ValueSetExpansionsTest.valueSets.forEach(valueSet -> valueSet.getCompose().getInclude().stream()
                .filter(include -> ValueSetExpansions.ICD_10_CM.equals(include.getSystem()))
                .forEach(include -> include.getConcept().forEach(concept -> icd10cm.putIfAbsent(concept.getCode(), concept.getDisplay()))));
        content.addCodeSystem(icd10cmFragment(icd10cm));
        for (ValueSet valueSet : ValueSetExpansionsTest.valueSets) {
            content.addValueSet(valueSet.copy().setExpansion(null));
        }
        chain = new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR), content,
                new InMemoryTerminologyServerValidationSupport(FHIR));
    }

    /** The code list as a CodeSystem: each code nested under the longest code before it that it starts with. */
    static CodeSystem icd10cmFragment(Map<String, String> codes) {
        CodeSystem codeSystem = new CodeSystem().setUrl(ValueSetExpansions.ICD_10_CM).setVersion(ValueSetExpansions.ICD_10_CM_VERSION)
                .setContent(CodeSystem.CodeSystemContentMode.FRAGMENT).setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        List<ConceptDefinitionComponent> path = new ArrayList<>();
        codes.forEach((code, display) -> {
            while (!path.isEmpty() && !code.startsWith(path.get(path.size() - 1).getCode())) {
                path.remove(path.size() - 1);
            }
            ConceptDefinitionComponent concept = new ConceptDefinitionComponent().setCode(code).setDisplay(display);
            if (path.isEmpty()) {
                codeSystem.addConcept(concept);
            } else {
                path.get(path.size() - 1).addConcept(concept);
            }
            path.add(concept);
        });
        return codeSystem;
    }

    static Stream<String> expandedValueSets() throws Exception {
        ValueSetExpansionsTest.load();
        return ValueSetExpansionsTest.valueSets.stream().map(ValueSet::getIdPart).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expandedValueSets")
    void hapiExpandsTheComposeToThePublishedExpansion(String id) {
        ValueSet published = ValueSetExpansionsTest.valueSets.stream().filter(valueSet -> id.equals(valueSet.getIdPart())).findFirst().orElseThrow();

        ValueSetExpansionOutcome outcome = chain.expandValueSet(new ValidationSupportContext(chain), new ValueSetExpansionOptions(),
                published.copy().setExpansion(null));

        assertThat(outcome.getError()).isNull();
        assertThat(codes(((ValueSet) outcome.getValueSet()).getExpansion())).isEqualTo(codes(published.getExpansion())).isNotEmpty();
    }

    private static TreeSet<String> codes(ValueSet.ValueSetExpansionComponent expansion) {
        TreeSet<String> codes = new TreeSet<>(Comparator.naturalOrder());
        expansion.getContains().forEach(member -> codes.add(member.getSystem() + "|" + member.getCode()));
        return codes;
    }
}

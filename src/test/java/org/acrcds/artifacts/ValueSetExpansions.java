package org.acrcds.artifacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;
import org.hl7.fhir.r4.model.ValueSet.FilterOperator;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionComponent;

/**
 * Expands a ValueSet's compose (the reviewed source) into the {@code expansion} it is published with, so that an
 * engine without our terminology (a HAPI JPA server with clinical reasoning, offline) can run the logic: listed
 * concepts, nested includes, and ICD-10-CM {@code is-a} filters resolved against the code list in
 * {@code fhir-resources/terminology/icd-10-cm-branches.tsv}. The expansion is a function of the compose and that list
 * only (fixed timestamp, identifier derived from the content), so regenerating it changes nothing unless they change.
 */
final class ValueSetExpansions {

    static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    static final Path ICD_10_CM_BRANCHES = Path.of("fhir-resources/terminology/icd-10-cm-branches.tsv");
    /** The release of the ICD-10-CM code list (FY2025, April 1 update), also the expansion's timestamp. */
    static final String ICD_10_CM_VERSION = "2025";
    static final String EXPANSION_TIMESTAMP = "2025-04-01T00:00:00Z";

    private final Map<String, String> icd10cm;
    private final Map<String, ValueSet> byUrl;

    ValueSetExpansions(Map<String, String> icd10cmDisplays, List<ValueSet> valueSets) {
        this.icd10cm = icd10cmDisplays;
        this.byUrl = valueSets.stream().collect(Collectors.toMap(ValueSet::getUrl, valueSet -> valueSet, (a, b) -> a, LinkedHashMap::new));
    }

    /** The code list: ICD-10-CM code to display, in the order of the source file. */
    static Map<String, String> readIcd10cmBranches(Path tsv) throws IOException {
        Map<String, String> codes = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (line.startsWith("#") || line.startsWith("order\t") || line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 4 || codes.put(columns[1], columns[3]) != null) {
                throw new IllegalStateException(tsv + ": malformed or repeated line: " + line);
            }
        }
        return codes;
    }

    /** The expansion the compose gives; throws {@link NotExpandable} when a filter cannot be resolved offline. */
    ValueSetExpansionComponent expansionOf(ValueSet valueSet) {
        return expansion(contains(valueSet));
    }

    /** Members by "system|code", each with its display, sorted by system then code. */
    Map<String, ValueSet.ValueSetExpansionContainsComponent> contains(ValueSet valueSet) {
        Map<String, ValueSet.ValueSetExpansionContainsComponent> members = new TreeMap<>();
        for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            include.getConcept().forEach(concept -> add(members, include.getSystem(), concept.getCode(), concept.getDisplay()));
            for (ConceptSetFilterComponent filter : include.getFilter()) {
                if (!ICD_10_CM.equals(include.getSystem()) || filter.getOp() != FilterOperator.ISA) {
                    throw new NotExpandable(valueSet.getUrl() + ": no code list for " + filter.getOp().toCode() + " "
                            + filter.getValue() + " in " + include.getSystem());
                }
                List<String> below = icd10cm.keySet().stream().filter(code -> code.startsWith(filter.getValue())).toList();
                if (below.isEmpty()) {
                    throw new NotExpandable(valueSet.getUrl() + ": ICD-10-CM " + filter.getValue() + " is not in " + ICD_10_CM_BRANCHES);
                }
                below.forEach(code -> add(members, ICD_10_CM, code, icd10cm.get(code)));
            }
            for (UriType included : include.getValueSet()) {
                ValueSet nested = byUrl.get(included.getValue());
                if (nested == null) {
                    throw new IllegalStateException(valueSet.getUrl() + " includes unknown " + included.getValue());
                }
                contains(nested).forEach((key, member) -> add(members, member.getSystem(), member.getCode(), member.getDisplay()));
            }
        }
        if (!valueSet.getCompose().getExclude().isEmpty()) {
            throw new NotExpandable(valueSet.getUrl() + ": compose.exclude is not supported");
        }
        return members;
    }

    private static void add(Map<String, ValueSet.ValueSetExpansionContainsComponent> members, String system, String code, String display) {
        members.putIfAbsent(system + "|" + code, new ValueSet.ValueSetExpansionContainsComponent()
                .setSystem(system).setCode(code).setDisplay(display));
    }

    private static ValueSetExpansionComponent expansion(Map<String, ValueSet.ValueSetExpansionContainsComponent> members) {
        ValueSetExpansionComponent expansion = new ValueSetExpansionComponent();
        String content = members.values().stream().map(member -> member.getSystem() + "|" + member.getCode() + "|" + member.getDisplay())
                .collect(Collectors.joining("\n"));
        expansion.setIdentifier("urn:uuid:" + UUID.nameUUIDFromBytes(content.getBytes(StandardCharsets.UTF_8)));
        expansion.setTimestampElement(new DateTimeType(EXPANSION_TIMESTAMP));
        expansion.setTotal(members.size());
        members.values().stream().map(ValueSet.ValueSetExpansionContainsComponent::getSystem).distinct()
                .sorted(Comparator.naturalOrder())
                .forEach(system -> expansion.addParameter().setName("used-codesystem")
                        .setValue(new UriType(ICD_10_CM.equals(system) ? system + "|" + ICD_10_CM_VERSION : system)));
        members.values().forEach(expansion::addContains);
        return expansion;
    }

    /** A filter the code list cannot resolve: every ValueSet must ship with an expansion, so this fails the build. */
    static final class NotExpandable extends RuntimeException {
        NotExpandable(String message) {
            super(message);
        }
    }
}

package org.acrcds.evaluation;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.acrcds.content.ContentException;
import org.acrcds.content.ContentFiles;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetFilterComponent;
import org.hl7.fhir.r4.model.ValueSet.FilterOperator;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.terminology.CodeSystemInfo;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;
import org.springframework.stereotype.Component;

/**
 * In-memory terminology over the {@code ValueSet} resources in {@code fhir-resources/}. A value set may list
 * concepts, include other value sets, and use {@code is-a} filters on code systems whose hierarchy is spelled
 * out in the code itself (ICD-10-CM, ATC: a descendant's code starts with its ancestor's code).
 * Anything else cannot be evaluated offline and stops the server at startup. Membership is decided from the
 * {@code compose}; the published {@code expansion} (thousands of codes for an ICD-10-CM branch) is skipped unread.
 */
@Component
public class ValueSetIndex implements TerminologyProvider {

    static final Set<String> PREFIX_HIERARCHY_SYSTEMS = Set.of(
            "http://hl7.org/fhir/sid/icd-10-cm",
            "http://www.whocc.no/atc");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Members> byUrl;

    public ValueSetIndex(ContentFiles contentFiles, FhirContext fhirContext) {
        Map<String, ValueSet> valueSets = new LinkedHashMap<>();
        for (ContentFiles.ContentFile file : contentFiles.find("fhir-resources/**/ValueSet-*.json")) {
            try {
                ValueSet valueSet = fhirContext.newJsonParser().parseResource(ValueSet.class, withoutExpansion(file.text()));
                if (valueSets.put(valueSet.getUrl(), valueSet) != null) {
                    throw new ContentException("Duplicate ValueSet url " + valueSet.getUrl() + " in " + file.path());
                }
            } catch (RuntimeException e) {
                throw new ContentException("Cannot read ValueSet " + file.path() + ": " + e.getMessage(), e);
            }
        }
        Map<String, Members> members = new HashMap<>();
        for (String url : valueSets.keySet()) {
            members.put(url, collect(url, valueSets, new HashSet<>()));
        }
        this.byUrl = Map.copyOf(members);
    }

    /** The resource's JSON without its top-level {@code expansion}, which HAPI would otherwise build element by element. */
    static String withoutExpansion(String resourceJson) {
        try {
            if (!(JSON.readTree(resourceJson) instanceof ObjectNode resource)) {
                throw new ContentException("not a JSON object");
            }
            resource.remove("expansion");
            return resource.toString();
        } catch (JsonProcessingException e) {
            throw new ContentException(e.getOriginalMessage(), e);
        }
    }

    public Set<String> urls() {
        return byUrl.keySet();
    }

    public boolean contains(String valueSetUrl, String system, String code) {
        return members(valueSetUrl).contains(system, code);
    }

    @Override
    public boolean in(Code code, ValueSetInfo valueSet) {
        return code != null && contains(valueSet.getId(), code.getSystem(), code.getCode());
    }

    @Override
    public Iterable<Code> expand(ValueSetInfo valueSet) {
        Members members = members(valueSet.getId());
        if (!members.prefixes().isEmpty()) {
            throw new UnsupportedOperationException("Value set " + valueSet.getId() + " uses is-a filters and cannot be expanded");
        }
        return members.codes().entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(code -> new Code().withSystem(entry.getKey()).withCode(code)))
                .toList();
    }

    @Override
    public Code lookup(Code code, CodeSystemInfo codeSystem) {
        return code;
    }

    private Members members(String url) {
        Members members = byUrl.get(url);
        if (members == null) {
            throw new IllegalArgumentException("Unknown value set " + url);
        }
        return members;
    }

    private static Members collect(String url, Map<String, ValueSet> valueSets, Set<String> visiting) {
        ValueSet valueSet = valueSets.get(url);
        if (valueSet == null) {
            throw new ContentException("ValueSet " + url + " is included but not defined in fhir-resources/");
        }
        if (!visiting.add(url)) {
            throw new ContentException("ValueSet " + url + " includes itself");
        }
        Map<String, Set<String>> codes = new HashMap<>();
        Map<String, List<String>> prefixes = new HashMap<>();
        for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            include.getConcept().forEach(concept ->
                    codes.computeIfAbsent(include.getSystem(), system -> new HashSet<>()).add(concept.getCode()));
            for (ConceptSetFilterComponent filter : include.getFilter()) {
                if (filter.getOp() != FilterOperator.ISA || !PREFIX_HIERARCHY_SYSTEMS.contains(include.getSystem())) {
                    throw new ContentException("ValueSet " + url + ": filter " + filter.getOp() + " on " + include.getSystem()
                            + " cannot be evaluated offline (only is-a on " + PREFIX_HIERARCHY_SYSTEMS + ")");
                }
                prefixes.computeIfAbsent(include.getSystem(), system -> new ArrayList<>()).add(filter.getValue());
            }
            include.getValueSet().forEach(included -> {
                Members nested = collect(included.getValue(), valueSets, visiting);
                nested.codes().forEach((system, nestedCodes) ->
                        codes.computeIfAbsent(system, key -> new HashSet<>()).addAll(nestedCodes));
                nested.prefixes().forEach((system, nestedPrefixes) ->
                        prefixes.computeIfAbsent(system, key -> new ArrayList<>()).addAll(nestedPrefixes));
            });
        }
        if (!valueSet.getCompose().getExclude().isEmpty()) {
            throw new ContentException("ValueSet " + url + ": compose.exclude is not supported");
        }
        visiting.remove(url);
        return new Members(copy(codes, Set::copyOf), copy(prefixes, List::copyOf));
    }

    private static <T> Map<String, T> copy(Map<String, T> bySystem, UnaryOperator<T> copy) {
        Map<String, T> copied = new HashMap<>();
        bySystem.forEach((system, values) -> copied.put(system, copy.apply(values)));
        return Map.copyOf(copied);
    }

    /** Codes and is-a ancestor codes, by code system: a membership test builds no key. */
    private record Members(Map<String, Set<String>> codes, Map<String, List<String>> prefixes) {

        boolean contains(String system, String code) {
            if (system == null || code == null) {
                return false;
            }
            if (codes.getOrDefault(system, Set.of()).contains(code)) {
                return true;
            }
            for (String prefix : prefixes.getOrDefault(system, List.of())) {
                if (code.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
    }
}

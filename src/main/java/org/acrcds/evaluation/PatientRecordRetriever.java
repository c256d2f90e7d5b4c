package org.acrcds.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.acrcds.prefetch.PatientRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Interval;

/**
 * Answers CQL retrieves ({@code [Condition: "Back Pain"]}) from one patient's in-memory record.
 * {@code [ServiceRequest]} yields the draft orders of the hook call. Date ranges are not used by our CQL,
 * which filters dates itself, so they are ignored here.
 */
final class PatientRecordRetriever implements RetrieveProvider {

    private final PatientRecord record;
    private final R4FhirModelResolver modelResolver;
    private final ValueSetIndex terminology;

    PatientRecordRetriever(PatientRecord record, R4FhirModelResolver modelResolver, ValueSetIndex terminology) {
        this.record = record;
        this.modelResolver = modelResolver;
        this.terminology = terminology;
    }

    @Override
    public Iterable<Object> retrieve(String context, String contextPath, Object contextValue, String dataType,
            String templateId, String codePath, Iterable<Code> codes, String valueSet, String datePath,
            String dateLowPath, String dateHighPath, Interval dateRange) {
        List<?> candidates = switch (dataType) {
            case "Patient" -> List.of(record.patient());
            case "ServiceRequest" -> record.draftOrders();
            default -> record.resources(dataType);
        };
        List<Object> matches = new ArrayList<>(candidates.size());
        for (Object resource : candidates) {
            if (codePath == null || (codes == null && valueSet == null) || hasCode(resource, codePath, codes, valueSet)) {
                matches.add(resource);
            }
        }
        return matches;
    }

    private boolean hasCode(Object resource, String codePath, Iterable<Code> codes, String valueSet) {
        for (Coding coding : codings(modelResolver.resolvePath(resource, codePath))) {
            if (codes != null) {
                for (Code code : codes) {
                    if (code.getCode().equals(coding.getCode()) && code.getSystem().equals(coding.getSystem())) {
                        return true;
                    }
                }
            } else if (terminology.contains(valueSet, coding.getSystem(), coding.getCode())) {
                return true;
            }
        }
        return false;
    }

    private static List<Coding> codings(Object value) {
        if (value instanceof CodeableConcept concept) {
            return concept.getCoding();
        }
        if (value instanceof Coding coding) {
            return List.of(coding);
        }
        if (value instanceof Iterable<?> values) {
            List<Coding> all = new ArrayList<>();
            values.forEach(item -> all.addAll(codings(item)));
            return all;
        }
        return List.of();
    }
}

package org.acrcds.prefetch;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Everything known about the patient for one hook call.
 *
 * @param patient the patient the hook is about
 * @param recordByType the patient's record (prefetched or fetched), by FHIR resource type; never draft orders
 * @param draftOrders the draft {@code ServiceRequest}s of the hook context, in the order the EHR sent them
 * @param unavailableData resource types the service asked for but could not obtain
 */
public record PatientRecord(
        Patient patient,
        Map<String, List<Resource>> recordByType,
        List<ServiceRequest> draftOrders,
        Set<String> unavailableData) {

    public List<Resource> resources(String resourceType) {
        return recordByType.getOrDefault(resourceType, List.of());
    }
}

package org.acrcds.prefetch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.catalog.HookDefinition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * Builds the patient's record for one call from prefetch, the FHIR server fallback and {@code draftOrders}.
 * Resources are sorted by their own type, not by the prefetch key they came in (a server may return more
 * than was asked for), and resources about another patient are dropped.
 */
@Component
public class PatientRecordAssembler {

    private final FhirServerPrefetcher prefetcher;

    public PatientRecordAssembler(FhirServerPrefetcher prefetcher) {
        this.prefetcher = prefetcher;
    }

    public PatientRecord assemble(CdsServiceRequest request, HookDefinition service) {
        Map<String, Resource> prefetch = new LinkedHashMap<>(request.prefetch() == null ? Map.of() : request.prefetch());
        List<String> missing = service.prefetch().keySet().stream().filter(key -> !prefetch.containsKey(key)).toList();
        prefetch.putAll(prefetcher.fetch(request, service, missing));

        String patientId = request.context().patientId();
        Patient patient = null;
        Map<String, List<Resource>> byType = new LinkedHashMap<>();
        Set<String> unavailableKeys = new LinkedHashSet<>();
        for (Map.Entry<String, String> template : service.prefetch().entrySet()) {
            if (!prefetch.containsKey(template.getKey()) || prefetch.get(template.getKey()) instanceof OperationOutcome) {
                unavailableKeys.add(template.getKey());
            }
        }
        for (Resource value : prefetch.values()) {
            for (Resource resource : unpack(value)) {
                bareId(resource);
                if (resource instanceof Patient candidate) {
                    if (candidate.getIdElement().getIdPart() != null && candidate.getIdElement().getIdPart().equals(patientId)) {
                        patient = candidate;
                    }
                } else if (!(resource instanceof OperationOutcome) && isAbout(resource, patientId)) {
                    byType.computeIfAbsent(resource.fhirType(), type -> new ArrayList<>()).add(resource);
                }
            }
        }
        if (patient == null) {
            unavailableKeys.addAll(service.prefetch().entrySet().stream()
                    .filter(template -> "Patient".equals(PrefetchTemplates.resourceType(template.getValue())))
                    .map(Map.Entry::getKey).toList());
        }
        List<String> requiredMissing = service.config().requiredPrefetch().stream().filter(unavailableKeys::contains).toList();
        if (!requiredMissing.isEmpty()) {
            throw new RequiredDataUnavailableException(requiredMissing);
        }
        Set<String> unavailableTypes = new LinkedHashSet<>();
        unavailableKeys.forEach(key -> unavailableTypes.add(PrefetchTemplates.resourceType(service.prefetch().get(key))));
        return new PatientRecord(patient, byType, draftServiceRequests(request), unavailableTypes);
    }

    /**
     * HAPI keeps a resource's id as given by the Bundle ({@code fullUrl}, {@code Type/id}); the CQL compares
     * bare ids (as in {@code 'Condition/' + C.id}), so every resource carries its bare id from here on.
     */
    private static void bareId(Resource resource) {
        if (resource.getIdElement().hasIdPart() && !resource.getIdElement().getIdPart().equals(resource.getId())) {
            resource.setId(resource.getIdElement().getIdPart());
        }
    }

    private static List<Resource> unpack(Resource value) {
        if (value instanceof Bundle bundle) {
            List<Resource> resources = new ArrayList<>();
            bundle.getEntry().forEach(entry -> {
                if (entry.hasResource()) {
                    resources.add(entry.getResource());
                }
            });
            return resources;
        }
        return value == null ? List.of() : List.of(value);
    }

    /** False only when the resource names a different patient as its subject. */
    private static boolean isAbout(Resource resource, String patientId) {
        Reference subject = null;
        if (resource instanceof Condition condition) {
            subject = condition.getSubject();
        } else if (resource instanceof Observation observation) {
            subject = observation.getSubject();
        } else if (resource instanceof MedicationRequest medication) {
            subject = medication.getSubject();
        } else if (resource instanceof Device device) {
            subject = device.getPatient();
        }
        if (subject == null || !subject.hasReference()) {
            return true;
        }
        String reference = subject.getReference();
        return reference.equals("Patient/" + patientId) || reference.endsWith("/Patient/" + patientId);
    }

    private static List<ServiceRequest> draftServiceRequests(CdsServiceRequest request) {
        Bundle draftOrders = request.context().draftOrders();
        List<ServiceRequest> orders = new ArrayList<>();
        draftOrders.getEntry().forEach(entry -> {
            if (entry.getResource() instanceof ServiceRequest order) {
                bareId(order);
                orders.add(order);
            }
        });
        return orders;
    }
}

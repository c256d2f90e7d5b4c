package org.acrcds.prefetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * than was asked for), and resources about another patient are dropped. Where each of the service's prefetch keys came
 * from is counted in {@code cds.prefetch.keys} by service, hook, key and outcome: {@code prefetched} (sent by the
 * EHR), {@code fetched} (from its FHIR server), {@code timed-out} (its query passed the deadline) or
 * {@code unavailable} (anything else: not sent and not fetchable, failed, an OperationOutcome, another patient).
 */
@Component
public class PatientRecordAssembler {

    private final FhirServerPrefetcher prefetcher;
    private final MeterRegistry meters;

    public PatientRecordAssembler(FhirServerPrefetcher prefetcher, MeterRegistry meters) {
        this.prefetcher = prefetcher;
        this.meters = meters;
    }

    public PatientRecord assemble(CdsServiceRequest request, HookDefinition service) {
        Map<String, Resource> sent = request.prefetch() == null ? Map.of() : request.prefetch();
        Map<String, Resource> prefetch = new LinkedHashMap<>(sent);
        List<String> missing = service.prefetch().keySet().stream().filter(key -> !prefetch.containsKey(key)).toList();
        FhirServerPrefetcher.Fetched fetched = prefetcher.fetch(request, service, missing);
        prefetch.putAll(fetched.values());

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
        countOutcomes(service, sent.keySet(), fetched.timedOut(), unavailableKeys);
        List<String> requiredMissing = service.config().requiredPrefetch().stream().filter(unavailableKeys::contains).toList();
        if (!requiredMissing.isEmpty()) {
            throw new RequiredDataUnavailableException(requiredMissing);
        }
        Set<String> unavailableTypes = new LinkedHashSet<>();
        unavailableKeys.forEach(key -> unavailableTypes.add(PrefetchTemplates.resourceType(service.prefetch().get(key))));
        return new PatientRecord(patient, byType, draftServiceRequests(request), unavailableTypes);
    }

    /** One count per prefetch key of the service (keys the request adds are not counted: no tag value comes from it). */
    private void countOutcomes(HookDefinition service, Set<String> sent, Set<String> timedOut, Set<String> unavailable) {
        for (String key : service.prefetch().keySet()) {
            String outcome = unavailable.contains(key) ? (timedOut.contains(key) ? "timed-out" : "unavailable")
                    : sent.contains(key) ? "prefetched" : "fetched";
            Counter.builder("cds.prefetch.keys").description("prefetch keys of hook calls, by where their data came from")
                    .tags("service", service.id(), "hook", service.hook().code(), "key", key, "outcome", outcome)
                    .register(meters).increment();
        }
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

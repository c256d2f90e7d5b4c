package org.acrcds.api;

import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/**
 * A hook call. {@code prefetch} keeps the difference the protocol makes: a key that is absent was not
 * prefetched, a key whose value is {@code null} means the EHR found no data.
 */
public record CdsServiceRequest(
        String hook,
        String hookInstance,
        String fhirServer,
        FhirAuthorization fhirAuthorization,
        OrderContext context,
        Map<String, Resource> prefetch) {}

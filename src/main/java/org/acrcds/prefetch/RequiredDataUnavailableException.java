package org.acrcds.prefetch;

import java.util.List;

/** Data the rating cannot do without was neither prefetched nor obtainable from the EHR's FHIR server (412). */
public class RequiredDataUnavailableException extends RuntimeException {

    public RequiredDataUnavailableException(List<String> prefetchKeys) {
        super("Required data is neither prefetched nor obtainable from fhirServer: " + String.join(", ", prefetchKeys));
    }
}

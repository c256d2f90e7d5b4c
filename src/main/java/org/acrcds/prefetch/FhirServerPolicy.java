package org.acrcds.prefetch;

import java.net.URI;
import java.net.URISyntaxException;
import org.acrcds.config.CdsProperties;
import org.springframework.stereotype.Component;

/** Which {@code fhirServer} URLs the service will call: https only, plain http for allowlisted (loopback) hosts. */
@Component
public class FhirServerPolicy {

    private final CdsProperties.FhirServer settings;

    public FhirServerPolicy(CdsProperties properties) {
        this.settings = properties.fhirServer();
    }

    /** @return null when the URL may be called, else the reason it may not */
    public String rejectionReason(String fhirServer) {
        URI uri;
        try {
            uri = new URI(fhirServer);
        } catch (URISyntaxException e) {
            return "fhirServer is not a valid URL";
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return "fhirServer must be an absolute https URL";
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && settings.allowedInsecureHosts().contains(uri.getHost())) {
            return null;
        }
        return "fhirServer must use https (plain http only for hosts in cds.fhir-server.allowed-insecure-hosts)";
    }
}

package org.acrcds.prefetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import org.acrcds.config.CdsProperties;
import org.springframework.stereotype.Component;

/**
 * Which URLs the service will call: a {@code fhirServer} over https only, plain http for allowlisted (loopback)
 * hosts; and links that server sends (paging) only when they lie on the server itself. The same test decides whether
 * a {@code fhirServer} lies on one of its site's bases.
 */
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
        if (uri.getRawUserInfo() != null) {
            // Credentials in the URL would go wherever the URL goes (logs of proxies, paging links); and user info is
            // how a URL hides its real host from a careless reader.
            return "fhirServer must not carry user info";
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && settings.allowedInsecureHosts().contains(uri.getHost())) {
            return null;
        }
        return "fhirServer must use https (plain http only for hosts in cds.fhir-server.allowed-insecure-hosts)";
    }

    /**
     * Whether a link the FHIR server sent (a searchset's next page) lies on that server: the same scheme, host, port
     * and base path, compared after parsing, never as strings (so {@code http://host:1@evil:2/} and
     * {@code http://host:1.evil/} do not pass). Links with user info or {@code ..} segments are refused outright.
     */
    public static boolean isOnServer(String fhirServer, String link) {
        try {
            URI server = new URI(fhirServer).normalize();
            URI target = new URI(link).normalize();
            return target.isAbsolute() && target.getHost() != null && target.getRawUserInfo() == null
                    && server.getScheme().equalsIgnoreCase(target.getScheme())
                    && server.getHost().equalsIgnoreCase(target.getHost())
                    && port(server) == port(target)
                    && isUnder(basePath(server), target.getPath());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String basePath(URI server) {
        String path = server.getPath() == null ? "" : server.getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The decoded path, so that an encoded {@code %2e%2e} counts as the {@code ..} it becomes on the server. */
    private static boolean isUnder(String basePath, String path) {
        return path != null && !Arrays.asList(path.split("/")).contains("..")
                && (path.equals(basePath) || path.startsWith(basePath + "/"));
    }
}

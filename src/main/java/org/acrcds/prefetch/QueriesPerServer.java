package org.acrcds.prefetch;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many queries each FHIR server (host and port) has in flight, over all hook calls, so that one slow server can
 * hold only its share of the query threads and connections. Servers with nothing in flight are forgotten.
 */
final class QueriesPerServer {

    private final int limit;
    private final ConcurrentMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    QueriesPerServer(int limit) {
        this.limit = limit;
    }

    /** The server's host and port: what {@link #tryStart} and {@link #finished} count by. */
    static String serverOf(String fhirServer) {
        URI uri = URI.create(fhirServer);
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + FhirServerPolicy.port(uri);
    }

    /** @return whether the server is under its limit; if so, one more query counts as in flight until finished */
    boolean tryStart(String server) {
        if (inFlight.merge(server, 1, Integer::sum) > limit) {
            finished(server);
            return false;
        }
        return true;
    }

    void finished(String server) {
        inFlight.computeIfPresent(server, (key, count) -> count == 1 ? null : count - 1);
    }
}

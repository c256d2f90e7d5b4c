package org.acrcds.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * All service settings, bound from {@code cds.*} properties or the matching environment variables
 * (e.g. {@code CDS_CONTENT_LOCATION}).
 *
 * @param contentLocation where {@code cql/}, {@code hooks/} and {@code fhir-resources/} are read from:
 *     the copy packaged in the jar by default, or a folder such as {@code file:/etc/acr-cds/}
 * @param maxRequestSize largest accepted request body; larger bodies get 413
 * @param feedbackCapacity how many feedback entries the in-memory recorder keeps
 * @param fhirServer how the EHR's FHIR server is queried when prefetch is missing
 */
@ConfigurationProperties(prefix = "cds")
public record CdsProperties(
        @DefaultValue("classpath:") String contentLocation,
        @DefaultValue("4MB") DataSize maxRequestSize,
        @DefaultValue("10000") int feedbackCapacity,
        @DefaultValue FhirServer fhirServer) {

    /**
     * @param connectTimeout TCP connect timeout of one query
     * @param readTimeout socket read timeout of one query
     * @param deadline time budget for all prefetch queries of one hook call together
     * @param maxPages how many searchset pages are followed per query
     * @param allowedInsecureHosts hosts that may be reached over plain http (development only)
     */
    public record FhirServer(
            @DefaultValue("500ms") Duration connectTimeout,
            @DefaultValue("1200ms") Duration readTimeout,
            @DefaultValue("1500ms") Duration deadline,
            @DefaultValue("5") int maxPages,
            @DefaultValue({"localhost", "127.0.0.1", "[::1]"}) List<String> allowedInsecureHosts) {}
}

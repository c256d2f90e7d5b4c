package org.acrcds.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * All service settings, bound from {@code cds.*} properties or the matching environment variables
 * (e.g. {@code CDS_CONTENT_LOCATION}).
 *
 * @param contentLocation where {@code cql/}, {@code hooks/} and {@code fhir-resources/} are read from:
 *     the copy packaged in the jar by default, or a folder such as {@code file:/etc/acr-cds/}; several content packs,
 *     served together, separated by commas (a service id, card file, CQL library or ActivityDefinition id found in
 *     two of them stops the server)
 * @param maxRequestSize largest accepted request body; larger bodies get 413
 * @param bodyReadTimeout time allowed to receive a whole request body; a slower body gets 408
 * @param feedback bounds on feedback requests
 * @param fhirServer how the EHR's FHIR server is queried when prefetch is missing
 * @param security authentication of CDS clients by signed JWT
 * @param cors browser origins allowed to call the service (the CDS Hooks sandbox, for instance)
 * @param inboundValidation FHIR R4 validation of draftOrders and prefetch: {@code off} (default: it costs tens of
 *     milliseconds per resource, see docs/PERFORMANCE.md), {@code warn} (log the count of errors) or {@code strict}
 *     (answer 422 with an OperationOutcome)
 * @param concurrency how many CQL evaluations run at once
 * @param sites the EHR installations the service answers, each with its JWT issuers and the FHIR servers it may name
 * @param audit the decision and feedback records: their write queue, retention and patient pseudonym
 * @param admin the admin API under {@code /admin/} (audit events and the governance report)
 * @param pama the Argonaut "CDS Hooks for PAMA" rating extensions
 */
@ConfigurationProperties(prefix = "cds")
public record CdsProperties(
        @DefaultValue("classpath:") String contentLocation,
        @DefaultValue("4MB") DataSize maxRequestSize,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue Feedback feedback,
        @DefaultValue FhirServer fhirServer,
        @DefaultValue Security security,
        @DefaultValue Cors cors,
        @DefaultValue("off") InboundValidation inboundValidation,
        @DefaultValue Concurrency concurrency,
        @DefaultValue Audit audit,
        List<Site> sites,
        @DefaultValue Pama pama,
        @DefaultValue Admin admin) {

    public CdsProperties {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    public enum InboundValidation { OFF, WARN, STRICT }

    /**
     * @param token the bearer token of the admin API, separate from the CDS clients' JWTs; unset (default), the admin
     *     API is off. Use a long random value (at least 32 characters).
     */
    public record Admin(String token) {

        public boolean enabled() {
            return token != null && !token.isBlank();
        }
    }

    /**
     * Decisions and feedback are written to the database off the request path, through a bounded queue.
     *
     * @param queueCapacity records waiting to be written; when it is full a decision is dropped (counted and logged)
     *     and a feedback request gets 503 with Retry-After, so its client sends it again
     * @param batchSize records written in one transaction
     * @param retryBackoff the longest wait between attempts while the database fails (doubling from 100 ms)
     * @param shutdownTimeout how long a graceful shutdown waits for the queue to be written
     * @param retention records older than this are purged
     * @param purgeCron when the purge runs (Spring cron, server time zone)
     * @param pseudonymSecret the HMAC key of the patient pseudonym; unset, a random key per process is used (and
     *     logged as a warning): pseudonyms then link a patient's decisions only until a restart, and not across
     *     instances
     */
    public record Audit(
            @DefaultValue("10000") int queueCapacity,
            @DefaultValue("500") int batchSize,
            @DefaultValue("30s") Duration retryBackoff,
            @DefaultValue("20s") Duration shutdownTimeout,
            @DefaultValue("2192d") Duration retention,
            @DefaultValue("0 17 3 * * *") String purgeCron,
            String pseudonymSecret) {}

    /**
     * Feedback entries wait in memory to be written and may hold free text, so each part is bounded.
     *
     * @param maxEntries entries in one feedback request
     * @param maxAcceptedSuggestions {@code acceptedSuggestions} in one entry
     * @param maxFieldLength characters of the card uuid, of each suggestion id and of the override reason's
     *     system, code and display
     * @param maxCommentLength characters of {@code overrideReason.userComment}
     */
    public record Feedback(
            @DefaultValue("100") int maxEntries,
            @DefaultValue("20") int maxAcceptedSuggestions,
            @DefaultValue("256") int maxFieldLength,
            @DefaultValue("1000") int maxCommentLength) {}

    /**
     * @param maxEvaluations CQL evaluations run at once; 0 (default) means one per processor. Evaluation is
     *     CPU-bound: more at once only adds latency and memory.
     * @param queueTimeout how long a further hook call waits for its turn before it gets 503 with Retry-After
     * @param maxBodyBytesInFlight request bodies being worked on at once, in total, and bodies being received at once,
     *     in total; 0 (default) means a sixteenth of the maximum heap each. A parsed patient record takes about five
     *     times its JSON size.
     */
    public record Concurrency(
            @DefaultValue("0") int maxEvaluations,
            @DefaultValue("2s") Duration queueTimeout,
            @DefaultValue("0") DataSize maxBodyBytesInFlight) {

        public int effectiveMaxEvaluations() {
            return maxEvaluations > 0 ? maxEvaluations : Runtime.getRuntime().availableProcessors();
        }

        public long effectiveMaxBodyBytesInFlight() {
            long configured = maxBodyBytesInFlight == null ? 0 : maxBodyBytesInFlight.toBytes();
            return configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 16;
        }
    }

    /**
     * @param connectTimeout TCP connect timeout of one query
     * @param readTimeout socket read timeout of one query
     * @param deadline time budget for all prefetch queries of one hook call together
     * @param maxPages how many searchset pages are followed per query
     * @param allowedInsecureHosts hosts that may be reached over plain http (development only)
     * @param maxConcurrentQueries queries in flight at once, over all hook calls (threads and connections)
     * @param maxResponseSize bytes read from one answer (one page), after decompression; a larger answer makes its
     *     prefetch key unavailable
     * @param maxBytesPerCall bytes read from all answers of one hook call together, after decompression
     * @param maxBytesInFlight bytes being read from FHIR servers over all hook calls at once; 0 (default) means a
     *     thirty-second of the maximum heap. HAPI parses an answer into a tree about ten times its size.
     * @param maxConcurrentQueriesPerServer queries one FHIR server (host and port) may have in flight at once, out of
     *     {@code maxConcurrentQueries}; a query over it is not sent and its key is unavailable
     */
    public record FhirServer(
            @DefaultValue("500ms") Duration connectTimeout,
            @DefaultValue("1200ms") Duration readTimeout,
            @DefaultValue("1500ms") Duration deadline,
            @DefaultValue("5") int maxPages,
            @DefaultValue({"localhost", "127.0.0.1", "[::1]"}) List<String> allowedInsecureHosts,
            @DefaultValue("64") int maxConcurrentQueries,
            @DefaultValue("4MB") DataSize maxResponseSize,
            @DefaultValue("8MB") DataSize maxBytesPerCall,
            @DefaultValue("0") DataSize maxBytesInFlight,
            @DefaultValue("16") int maxConcurrentQueriesPerServer) {

        public long effectiveMaxBytesInFlight() {
            long configured = maxBytesInFlight == null ? 0 : maxBytesInFlight.toBytes();
            return configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 32;
        }
    }

    /**
     * @param enabled verify a JWT on every call; off only for local development (a warning is logged)
     * @param issuers the former flat list of trusted issuers, replaced by {@code cds.sites[n].issuers}: set, it stops
     *     the server with a message saying what to change
     * @param clockSkew tolerance on exp, nbf and iat
     * @param publicBaseUrl the base URL clients call (e.g. https://cds.example.org); the expected {@code aud} is this
     *     base plus the request path. Required when {@code enabled}.
     * @param jwksConnectTimeout connect timeout when fetching an issuer's JWKS
     * @param jwksReadTimeout read timeout when fetching an issuer's JWKS
     * @param replay how a token's {@code jti} is checked against the ids every instance on the database has accepted
     */
    public record Security(
            @DefaultValue("false") boolean enabled,
            List<Issuer> issuers,
            @DefaultValue("60s") Duration clockSkew,
            String publicBaseUrl,
            @DefaultValue("500ms") Duration jwksConnectTimeout,
            @DefaultValue("1000ms") Duration jwksReadTimeout,
            @DefaultValue Replay replay) {

        public Security {
            if (issuers != null && !issuers.isEmpty()) {
                throw new IllegalArgumentException("cds.security.issuers is replaced by cds.sites: move each "
                        + "cds.security.issuers[m].<name> to cds.sites[0].issuers[m].<name> and set cds.sites[0].id");
            }
        }
    }

    /**
     * Token ids ({@code iss} + {@code jti}) are remembered in memory and in the database table {@code used_token}, which
     * every instance on the same database shares, so a token is accepted once by all of them together.
     *
     * @param sharedCheckTimeout the longest a call waits for the database's answer; a slower answer counts as an outage
     * @param localOnlyFor after an outage (a failure or a slower answer), how long tokens are checked against this
     *     instance's memory only before the database is tried again
     * @param purgeInterval how often ids past their token's expiry are deleted from the table
     */
    public record Replay(
            @DefaultValue("50ms") Duration sharedCheckTimeout,
            @DefaultValue("5s") Duration localOnlyFor,
            @DefaultValue("60s") Duration purgeInterval) {}

    /**
     * One EHR installation the service answers. A call belongs to the site whose issuer signed its token (and whose
     * tenant the token names, when the site has one); with security off, to the site whose id is {@code default}.
     *
     * @param id names the site in logs and records
     * @param issuers the JWT issuers of the site's CDS client, with their keys
     * @param tenant when set, the {@code tenant} claim a token must carry to belong to this site
     * @param fhirServerBases the FHIR base URLs the site's calls may name as {@code fhirServer}; any other gets 400
     * @param suggestionStyle how a card suggests another order in place of a draft: {@code update} (one suggestion
     *     changing the draft; the CDS Hooks sandbox and clients that follow the specification) or {@code create-delete}
     *     (Epic: one action per suggestion, only create and delete for procedure orders: a suggestion that orders the
     *     recommended study and a separate one that removes the draft)
     * @param orderables the site's own code (for Epic, its preference-list orderable) for an order we suggest, by
     *     {@code ActivityDefinition} id; put first in the suggested order's code, before our CPT/LOINC codes
     */
    public record Site(String id, List<Issuer> issuers, String tenant, List<String> fhirServerBases,
            SuggestionStyle suggestionStyle, Map<String, Orderable> orderables) {

        public Site {
            issuers = issuers == null ? List.of() : List.copyOf(issuers);
            fhirServerBases = fhirServerBases == null ? List.of() : List.copyOf(fhirServerBases);
            suggestionStyle = suggestionStyle == null ? SuggestionStyle.UPDATE : suggestionStyle;
            orderables = orderables == null ? Map.of() : Map.copyOf(orderables);
        }
    }

    public enum SuggestionStyle { UPDATE, CREATE_DELETE }

    /** A site's orderable: the coding its EHR orders a study by. */
    public record Orderable(String system, String code, String display) {}

    /**
     * @param issuer the {@code iss} the client puts in its JWTs
     * @param jwksUrl where the client publishes its keys (JWKS), or
     * @param jwks the client's public keys as an inline JWKS JSON document
     * @param allowedJku {@code jku} header values accepted for this issuer (exact URLs)
     */
    public record Issuer(String issuer, String jwksUrl, String jwks, List<String> allowedJku) {

        public Issuer {
            allowedJku = allowedJku == null ? List.of() : List.copyOf(allowedJku);
        }
    }

    /** @param allowedOrigins origins allowed by CORS; {@code *} allows any (no cookies are used) */
    public record Cors(@DefaultValue("*") List<String> allowedOrigins) {}

    /**
     * @param qcdsmGCode the CMS-assigned G-code of this qualified CDS mechanism, sent as
     *     {@code pama-rating-qcdsm-consulted}; empty (default): the extension is left out. CMS paused the AUC program,
     *     rescinded 42 CFR 414.94 from 2024-01-01 and ended the G-codes on 2024-12-31, so none is assumed.
     */
    public record Pama(@DefaultValue("") String qcdsmGCode) {

        public boolean hasQcdsmGCode() {
            return qcdsmGCode != null && !qcdsmGCode.isBlank();
        }
    }
}

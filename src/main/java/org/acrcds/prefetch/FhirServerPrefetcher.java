package org.acrcds.prefetch;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.config.CdsProperties;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClientBuilder;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fetches the prefetch keys the EHR did not send from its FHIR server, all keys in parallel, each query bounded
 * by connect/read timeouts and all of them by one deadline and byte budget ({@link CallBounds}); a FHIR server holds
 * at most its share of the query threads ({@link QueriesPerServer}). Redirects are not
 * followed. A key that fails, times out, answers too much or answers garbage is simply left out: the caller treats
 * it as unavailable. Logs name the key and the
 * outcome only: no URL (it holds the patient id), no token.
 */
@Component
public class FhirServerPrefetcher {

    private static final Logger log = LoggerFactory.getLogger(FhirServerPrefetcher.class);

    private final FhirContext fhirContext;
    private final CdsProperties.FhirServer settings;
    private final QueriesPerServer queriesPerServer;
    private final AtomicLong bytesInFlightLeft;
    private final ExecutorService executor;

    public FhirServerPrefetcher(FhirContext fhirContext, CdsProperties properties) {
        this.fhirContext = fhirContext;
        this.settings = properties.fhirServer();
        this.queriesPerServer = new QueriesPerServer(settings.maxConcurrentQueriesPerServer());
        this.bytesInFlightLeft = new AtomicLong(settings.effectiveMaxBytesInFlight());
        ApacheRestfulClientFactory clientFactory = new ApacheRestfulClientFactory(fhirContext);
        clientFactory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        int connectMillis = (int) settings.connectTimeout().toMillis();
        int readMillis = (int) settings.readTimeout().toMillis();
        clientFactory.setHttpClient(HttpClientBuilder.create()
                .disableRedirectHandling()
                .useSystemProperties()
                .setMaxConnPerRoute(settings.maxConcurrentQueries())
                .setMaxConnTotal(settings.maxConcurrentQueries())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connectMillis)
                        .setConnectionRequestTimeout(connectMillis)
                        .setSocketTimeout(readMillis)
                        .setRedirectsEnabled(false)
                        .build())
                .build());
        // HAPI takes the HTTP client of every request from the FhirContext's factory, not from the factory that made
        // the IGenericClient: without this, HAPI's default client ran the queries (redirects followed with the
        // token, 10 s timeouts, 20 connections).
        fhirContext.setRestfulClientFactory(clientFactory);
        // Queries block on the network: one thread each, up to the limit; idle threads end after a minute.
        ThreadPoolExecutor queryThreads = new ThreadPoolExecutor(settings.maxConcurrentQueries(), settings.maxConcurrentQueries(),
                1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "fhir-prefetch");
            thread.setDaemon(true);
            return thread;
        });
        queryThreads.allowCoreThreadTimeOut(true);
        this.executor = queryThreads;
    }

    /**
     * What the queries of one call brought.
     *
     * @param values the fetched value per key; keys that could not be fetched are absent
     * @param timedOut the keys whose query had not answered by the deadline
     */
    public record Fetched(Map<String, Resource> values, Set<String> timedOut) {

        static final Fetched NOTHING = new Fetched(Map.of(), Set.of());
    }

    public Fetched fetch(CdsServiceRequest request, HookDefinition service, List<String> keys) {
        if (keys.isEmpty() || request.fhirServer() == null) {
            return Fetched.NOTHING;
        }
        IGenericClient client = fhirContext.newRestfulGenericClient(request.fhirServer());
        if (request.fhirAuthorization() != null && request.fhirAuthorization().accessToken() != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(request.fhirAuthorization().accessToken()));
        }
        CallBounds bounds = new CallBounds(settings, bytesInFlightLeft);
        client.registerInterceptor(bounds);
        String server = QueriesPerServer.serverOf(request.fhirServer());
        Map<String, CompletableFuture<Optional<Resource>>> queries = new LinkedHashMap<>();
        for (String key : keys) {
            Optional<String> url = PrefetchTemplates.fill(service.prefetch().get(key), request.context());
            if (url.isEmpty()) {
                continue;
            }
            if (!queriesPerServer.tryStart(server)) {
                log.warn("Prefetch fallback for '{}' not sent: the FHIR server has {} queries in flight", key,
                        settings.maxConcurrentQueriesPerServer());
                continue;
            }
            queries.put(key, CompletableFuture.supplyAsync(() -> {
                try {
                    return query(client, bounds, request.fhirServer(), key, url.get());
                } finally {
                    queriesPerServer.finished(server);
                }
            }, executor));
        }
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        Map<String, Resource> fetched = new LinkedHashMap<>();
        Set<String> timedOut = new LinkedHashSet<>();
        queries.forEach((key, future) -> {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).ifPresent(value -> fetched.put(key, value));
            } catch (TimeoutException e) {
                timedOut.add(key);
                log.warn("Prefetch fallback for '{}' passed the {} ms deadline", key, settings.deadline().toMillis());
            } catch (ExecutionException e) {
                log.warn("Prefetch fallback for '{}' failed", key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Cancelling the futures would not stop their threads; aborting the requests does.
        bounds.abandon();
        return new Fetched(fetched, timedOut);
    }

    private Optional<Resource> query(IGenericClient client, CallBounds bounds, String fhirServer, String key, String url) {
        long started = System.nanoTime();
        try {
            Resource result;
            if (url.contains("?")) {
                Bundle page = client.search().byUrl(url).returnBundle(Bundle.class).execute();
                Bundle all = page;
                int pages = 1;
                while (page.getLink(Bundle.LINK_NEXT) != null && pages < settings.maxPages()) {
                    if (!FhirServerPolicy.isOnServer(fhirServer, page.getLink(Bundle.LINK_NEXT).getUrl())) {
                        log.warn("Prefetch fallback for '{}': next page is on another server, not followed", key);
                        break;
                    }
                    page = client.loadPage().next(page).execute();
                    page.getEntry().forEach(all::addEntry);
                    pages++;
                }
                if (page.getLink(Bundle.LINK_NEXT) != null) {
                    log.warn("Prefetch fallback for '{}' stopped after {} pages", key, pages);
                }
                result = all;
            } else {
                result = (Resource) client.read().resource(PrefetchTemplates.resourceType(url)).withUrl(url).execute();
            }
            log.debug("Prefetch fallback for '{}' took {} ms", key, (System.nanoTime() - started) / 1_000_000);
            return Optional.of(result);
        } catch (RuntimeException e) {
            if (!bounds.isAbandoned()) { // else the deadline was logged already
                log.warn("Prefetch fallback for '{}' could not be fetched ({})", key, bounds.outcome(e));
            }
            return Optional.empty();
        }
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}

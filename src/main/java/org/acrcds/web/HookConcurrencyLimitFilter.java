package org.acrcds.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.acrcds.config.CdsProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets at most {@code cds.concurrency.max-hook-calls} hook calls (default: one per processor) be read, evaluated and
 * answered at once, first come first served; a further call waits up to {@code cds.concurrency.queue-timeout}, then
 * gets 503 with Retry-After. Evaluating is CPU-bound, so more calls at once than processors only add latency and
 * heap: a large patient record is held in memory while its call runs (docs/PERFORMANCE.md). Runs after
 * authentication and the size limit, so a refused caller never holds a turn.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class HookConcurrencyLimitFilter extends OncePerRequestFilter {

    private static final String SERVICES = "/cds-services/";

    private final Semaphore turns;
    private final long queueTimeoutNanos;
    private final ObjectMapper objectMapper;

    HookConcurrencyLimitFilter(CdsProperties properties, ObjectMapper objectMapper) {
        this.turns = new Semaphore(properties.concurrency().effectiveMaxHookCalls(), true);
        this.queueTimeoutNanos = properties.concurrency().queueTimeout().toNanos();
        this.objectMapper = objectMapper;
    }

    /** Only hook calls ({@code POST /cds-services/{id}}); discovery, feedback and health are cheap. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getServletPath();
        return !"POST".equals(request.getMethod()) || !path.startsWith(SERVICES)
                || path.indexOf('/', SERVICES.length()) >= 0;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!awaitTurn()) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            objectMapper.writeValue(response.getOutputStream(), ApiExceptionHandler.error(HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many hook calls in progress: retry in a second").getBody());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            turns.release();
        }
    }

    private boolean awaitTurn() {
        try {
            return turns.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

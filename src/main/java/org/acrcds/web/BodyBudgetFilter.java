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
 * Keeps the request bodies being read and worked on at once under {@code cds.concurrency.max-body-bytes-in-flight}
 * (default: a sixteenth of the heap), first come first served; a request that does not fit waits up to
 * {@code cds.concurrency.queue-timeout}, then gets 503 with Retry-After. A parsed patient record takes about five
 * times its JSON size, so a few large records at once could otherwise exhaust the heap (docs/PERFORMANCE.md); small
 * requests are not held back. A body of unknown length counts as {@code cds.max-request-size}.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class BodyBudgetFilter extends OncePerRequestFilter {

    private static final int KIB = 1024;

    private final Semaphore budgetKib;
    private final int totalKib;
    private final long maxRequestBytes;
    private final long queueTimeoutNanos;
    private final ObjectMapper objectMapper;

    BodyBudgetFilter(CdsProperties properties, ObjectMapper objectMapper) {
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, properties.concurrency().effectiveMaxBodyBytesInFlight() / KIB));
        this.budgetKib = new Semaphore(totalKib, true);
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
        this.queueTimeoutNanos = properties.concurrency().queueTimeout().toNanos();
        this.objectMapper = objectMapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int cost = costKib(request.getContentLengthLong());
        if (!reserve(cost)) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            objectMapper.writeValue(response.getOutputStream(), ApiExceptionHandler.error(HttpStatus.SERVICE_UNAVAILABLE,
                    "Too many large requests in progress: retry in a second").getBody());
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            budgetKib.release(cost);
        }
    }

    /** A body larger than the whole budget still gets through, alone. */
    private int costKib(long contentLength) {
        long bytes = contentLength < 0 ? maxRequestBytes : Math.min(contentLength, maxRequestBytes);
        return (int) Math.max(1, Math.min(totalKib, (bytes + KIB - 1) / KIB));
    }

    private boolean reserve(int kib) {
        try {
            return budgetKib.tryAcquire(kib, queueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

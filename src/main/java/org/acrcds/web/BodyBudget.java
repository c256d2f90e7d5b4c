package org.acrcds.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.acrcds.config.CdsProperties;
import org.acrcds.protocol.ServiceBusyException;
import org.acrcds.protocol.WaitingPermits;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Keeps the request bodies being read and worked on at once under {@code cds.concurrency.max-body-bytes-in-flight}
 * (default: a sixteenth of the heap), first come first served; a request that does not fit waits up to
 * {@code cds.concurrency.queue-timeout}, then is refused with {@link ServiceBusyException}. A parsed patient record
 * takes about five times its JSON size, so a few large records at once could otherwise exhaust the heap
 * (docs/PERFORMANCE.md); small requests are not held back. Checked once {@link RequestBodyReader} has received the
 * body, before it is parsed.
 */
@Configuration(proxyBeanMethods = false)
class BodyBudget implements WebMvcConfigurer, HandlerInterceptor {

    private static final int KIB = 1024;
    private static final String RESERVED_KIB = BodyBudget.class.getName() + ".reservedKib";

    private final WaitingPermits budgetKib;
    private final int totalKib;
    private final long maxRequestBytes;

    BodyBudget(CdsProperties properties) {
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, properties.concurrency().effectiveMaxBodyBytesInFlight() / KIB));
        this.budgetKib = new WaitingPermits(totalKib, properties.concurrency().queueTimeout(), ServiceBusyException.Capacity.BODY_BUDGET,
                "Too many large requests in progress: retry in a second");
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/cds-services/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("POST".equals(request.getMethod())) {
            int cost = costKib(request.getContentLengthLong());
            budgetKib.acquire(cost);
            request.setAttribute(RESERVED_KIB, cost);
        }
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (request.getAttribute(RESERVED_KIB) instanceof Integer cost) {
            budgetKib.release(cost);
        }
    }

    /** A body larger than the whole budget still gets through, alone. */
    private int costKib(long contentLength) {
        long bytes = contentLength < 0 ? maxRequestBytes : Math.min(contentLength, maxRequestBytes);
        return (int) Math.max(1, Math.min(totalKib, (bytes + KIB - 1) / KIB));
    }
}

package org.acrcds.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.acrcds.config.CdsProperties;
import org.acrcds.protocol.ServiceBusyException;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.FastByteArrayOutputStream;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Receives each request body completely before the request is handled, without holding a thread while the bytes
 * arrive (Servlet non-blocking input): a client that sends its body one byte a second costs a connection, not one of
 * the threads that answer other calls. Bounds per request: {@code cds.max-request-size} (413, a declared length over it
 * is refused before reading) and {@code cds.body-read-timeout} for the whole body (408). Bodies being received hold
 * at most {@code cds.concurrency.max-body-bytes-in-flight} in total (503 with Retry-After beyond). Runs after
 * authentication, so an unauthenticated body is never read.
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 1)
class RequestBodyReader extends OncePerRequestFilter {

    private static final String BODY = RequestBodyReader.class.getName() + ".body";
    private static final int CHUNK = 8192;

    private final ErrorResponseWriter errors;
    private final BusyRefusals busyRefusals;
    private final long limitBytes;
    private final long readTimeoutMillis;
    private final Semaphore receivingKib;

    RequestBodyReader(CdsProperties properties, ErrorResponseWriter errors, BusyRefusals busyRefusals) {
        this.errors = errors;
        this.busyRefusals = busyRefusals;
        this.limitBytes = properties.maxRequestSize().toBytes();
        this.readTimeoutMillis = properties.bodyReadTimeout().toMillis();
        this.receivingKib = new Semaphore((int) Math.min(Integer.MAX_VALUE,
                Math.max(1, properties.concurrency().effectiveMaxBodyBytesInFlight() / 1024)));
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof FastByteArrayOutputStream body) {
            chain.doFilter(new ReceivedBodyRequest(request, body), response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limitBytes) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge());
            return;
        }
        if (declared == 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
            chain.doFilter(request, response);
            return;
        }
        ServletInputStream input = request.getInputStream();
        if (input.isReady()) {
            // The container says the body reads without waiting (a container or test harness that buffers it).
            FastByteArrayOutputStream body = new FastByteArrayOutputStream();
            body.write(input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limitBytes + 1)));
            if (body.size() > limitBytes) {
                refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, tooLarge());
                return;
            }
            chain.doFilter(new ReceivedBodyRequest(request, body), response);
            return;
        }
        AsyncContext receiving = request.startAsync();
        receiving.setTimeout(readTimeoutMillis);
        Receiver receiver = new Receiver(receiving, input);
        receiving.addListener(receiver);
        input.setReadListener(receiver);
    }

    private String tooLarge() {
        return "Request body is larger than " + limitBytes + " bytes";
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        // Headers stay (CORS among them, so a browser sees this answer); only anything buffered goes.
        response.resetBuffer();
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        // The rest of the body is not read: the connection cannot be reused.
        response.setHeader(HttpHeaders.CONNECTION, "close");
        errors.write(response, status, message);
    }

    /** One body being received: its bytes, and the budget they hold until the request completes. */
    private final class Receiver implements ReadListener, AsyncListener {
        private final AsyncContext receiving;
        private final ServletInputStream input;
        private final FastByteArrayOutputStream body = new FastByteArrayOutputStream();
        private final byte[] chunk = new byte[CHUNK];
        private int heldKib;
        private boolean finished;

        Receiver(AsyncContext receiving, ServletInputStream input) {
            this.receiving = receiving;
            this.input = input;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished && input.isReady()) {
                int read = input.read(chunk);
                if (read < 0) {
                    return;
                }
                if (body.size() + read > limitBytes) {
                    fail(HttpStatus.PAYLOAD_TOO_LARGE, tooLarge());
                    return;
                }
                int neededKib = (int) ((body.size() + read + 1023L) / 1024) - heldKib;
                if (neededKib > 0 && !receivingKib.tryAcquire(neededKib)) {
                    busyRefusals.count(ServiceBusyException.Capacity.RECEIVING_BUDGET);
                    fail(HttpStatus.SERVICE_UNAVAILABLE, "Too many request bodies being received: retry in a second");
                    return;
                }
                heldKib += Math.max(0, neededKib);
                body.write(chunk, 0, read);
            }
        }

        @Override
        public void onAllDataRead() {
            if (!finished) {
                finished = true;
                // Handed on as received, in chunks: no copy of the whole body.
                receiving.getRequest().setAttribute(BODY, body);
                receiving.dispatch();
            }
        }

        @Override
        public void onError(Throwable failure) {
            fail(HttpStatus.BAD_REQUEST, "Request body could not be read");
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fail(HttpStatus.REQUEST_TIMEOUT, "Request body was not received within " + readTimeoutMillis + " ms");
        }

        @Override
        public void onError(AsyncEvent event) {
            fail(HttpStatus.BAD_REQUEST, "Request body could not be read");
        }

        @Override
        public void onComplete(AsyncEvent event) {
            receivingKib.release(heldKib);
            heldKib = 0;
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}

        private void fail(HttpStatus status, String message) {
            if (finished) {
                return;
            }
            finished = true;
            try {
                refuse((HttpServletResponse) receiving.getResponse(), status, message);
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response is closed: nothing more to tell it.
            }
            receiving.complete();
        }
    }
}

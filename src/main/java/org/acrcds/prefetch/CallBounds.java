package org.acrcds.prefetch;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.acrcds.config.CdsProperties;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * The bounds of one hook call's queries, as a HAPI client interceptor on the call's {@code IGenericClient}: how many
 * bytes one answer and all answers together may bring, and how many of the bytes all calls are reading at once they
 * may hold, counted as read after decompression (HAPI reads the entity only after {@code CLIENT_RESPONSE}, so the
 * entity is wrapped there; a declared length over the bound is refused before a byte is read); and, once the call
 * gives up at its deadline, no more network: its requests are aborted and its share of the bytes in flight returned.
 */
final class CallBounds {

    private final long maxAnswerBytes;
    private final AtomicLong callBytesLeft;
    private final AtomicLong bytesInFlightLeft;
    private final Queue<HttpRequestBase> requests = new ConcurrentLinkedQueue<>();
    private volatile boolean abandoned;
    private long heldInFlight;

    /** @param bytesInFlightLeft shared by all calls: what they may still read at once */
    CallBounds(CdsProperties.FhirServer settings, AtomicLong bytesInFlightLeft) {
        this.maxAnswerBytes = settings.maxResponseSize().toBytes();
        this.callBytesLeft = new AtomicLong(settings.maxBytesPerCall().toBytes());
        this.bytesInFlightLeft = bytesInFlightLeft;
    }

    @Hook(Pointcut.CLIENT_REQUEST)
    public void track(IHttpRequest request) {
        HttpRequestBase sent = ((ApacheHttpRequest) request).getApacheRequest();
        requests.add(sent);
        if (abandoned) {
            sent.abort();
        }
    }

    /**
     * Aborts the call's requests still open, and any that a query starts later: the socket is closed, so a server
     * that trickles its answer (which no read timeout catches) frees the query thread and connection at once.
     */
    void abandon() {
        abandoned = true;
        requests.forEach(HttpRequestBase::abort);
        synchronized (this) {
            bytesInFlightLeft.addAndGet(heldInFlight);
            heldInFlight = 0;
        }
    }

    /** Takes bytes from the share all calls read at once; none once the call is abandoned (it gave its share back). */
    private synchronized boolean holdInFlight(int bytes) {
        if (abandoned) {
            return false;
        }
        if (bytesInFlightLeft.addAndGet(-bytes) < 0) {
            bytesInFlightLeft.addAndGet(bytes);
            return false;
        }
        heldInFlight += bytes;
        return true;
    }

    boolean isAbandoned() {
        return abandoned;
    }

    @Hook(Pointcut.CLIENT_RESPONSE)
    public void countAnswer(IHttpRequest request, IHttpResponse response) {
        HttpResponse answer = (HttpResponse) response.getResponse();
        if (answer.getEntity() != null) {
            answer.setEntity(new CountedEntity(answer.getEntity(), ((ApacheHttpRequest) request).getApacheRequest()));
        }
    }

    /**
     * Why a query failed, for the log: the type of the root cause (a read timeout, say, rather than HAPI's wrapper),
     * never an exception's message, which may quote the URL or the answer.
     */
    String outcome(RuntimeException failure) {
        Throwable cause = ExceptionUtils.getRootCause(failure);
        return cause instanceof AnswerTooLargeException ? "answer larger than allowed" : cause.getClass().getSimpleName();
    }

    private final class CountedEntity extends HttpEntityWrapper {
        private final HttpRequestBase request;
        private long read;

        CountedEntity(HttpEntity entity, HttpRequestBase request) {
            super(entity);
            this.request = request;
        }

        @Override
        public InputStream getContent() throws IOException {
            long declared = getContentLength(); // -1 when chunked or compressed
            if (declared > maxAnswerBytes || declared > callBytesLeft.get()) {
                throw tooLarge();
            }
            return new FilterInputStream(super.getContent()) {
                @Override
                public int read() throws IOException {
                    int next = super.read();
                    if (next >= 0) {
                        count(1);
                    }
                    return next;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int count = super.read(buffer, offset, length);
                    if (count > 0) {
                        count(count);
                    }
                    return count;
                }
            };
        }

        private void count(int bytes) throws IOException {
            read += bytes;
            long callLeft = callBytesLeft.addAndGet(-bytes);
            if (read > maxAnswerBytes || callLeft < 0 || !holdInFlight(bytes)) {
                throw tooLarge();
            }
        }

        /** Aborts the request: closing the stream instead would read the rest of the answer to reuse the connection. */
        private AnswerTooLargeException tooLarge() {
            request.abort();
            return new AnswerTooLargeException();
        }
    }

    static final class AnswerTooLargeException extends IOException {
        AnswerTooLargeException() {
            super("FHIR server answer larger than allowed");
        }
    }
}

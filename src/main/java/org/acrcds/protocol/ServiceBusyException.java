package org.acrcds.protocol;

/** The service's capacity stayed taken for the whole queue timeout: the caller should retry shortly (503). */
public class ServiceBusyException extends RuntimeException {

    /** Which capacity was taken: a fixed vocabulary, the {@code reason} of {@code cds.busy.refusals}. */
    public enum Capacity {
        /** every evaluation turn ({@code cds.concurrency.max-evaluations}) */
        EVALUATION_TURNS("evaluation-turns"),
        /** the bodies being worked on ({@code cds.concurrency.max-body-bytes-in-flight}) */
        BODY_BUDGET("body-budget"),
        /** the bodies being received (the same amount again) */
        RECEIVING_BUDGET("receiving-budget"),
        /** the audit queue, for feedback ({@code cds.audit.queue-capacity}) */
        AUDIT_QUEUE("audit-queue");

        private final String code;

        Capacity(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Capacity capacity;

    public ServiceBusyException(Capacity capacity, String message) {
        super(message);
        this.capacity = capacity;
    }

    public Capacity capacity() {
        return capacity;
    }
}

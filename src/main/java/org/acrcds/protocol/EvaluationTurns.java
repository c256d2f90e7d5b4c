package org.acrcds.protocol;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.acrcds.config.CdsProperties;
import org.springframework.stereotype.Component;

/**
 * Lets at most {@code cds.concurrency.max-evaluations} CQL evaluations (default: one per processor) run at once,
 * first come first served; a further call waits up to {@code cds.concurrency.queue-timeout} for its turn, then is
 * refused with {@link ServiceBusyException}. Evaluating is CPU-bound, so more at once than processors only adds
 * latency, and heap: a 1,000-resource evaluation allocates about 50 MB (docs/PERFORMANCE.md). Waiting on the EHR's
 * FHIR server happens before, without a turn.
 */
@Component
class EvaluationTurns {

    private final Semaphore turns;
    private final long queueTimeoutNanos;

    EvaluationTurns(CdsProperties properties) {
        this.turns = new Semaphore(properties.concurrency().effectiveMaxEvaluations(), true);
        this.queueTimeoutNanos = properties.concurrency().queueTimeout().toNanos();
    }

    <T> T take(Supplier<T> evaluation) {
        if (!awaitTurn()) {
            throw new ServiceBusyException();
        }
        try {
            return evaluation.get();
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

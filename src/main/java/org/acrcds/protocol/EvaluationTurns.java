package org.acrcds.protocol;

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

    private final WaitingPermits turns;

    EvaluationTurns(CdsProperties properties) {
        this.turns = new WaitingPermits(properties.concurrency().effectiveMaxEvaluations(),
                properties.concurrency().queueTimeout(), "Too many hook calls in progress: retry in a second");
    }

    <T> T take(Supplier<T> evaluation) {
        turns.acquire(1);
        try {
            return evaluation.get();
        } finally {
            turns.release(1);
        }
    }
}

package org.acrcds.protocol;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.acrcds.config.CdsProperties;
import org.springframework.stereotype.Component;

/**
 * Lets at most {@code cds.concurrency.max-evaluations} CQL evaluations (default: one per processor) run at once,
 * first come first served; a further call waits up to {@code cds.concurrency.queue-timeout} for its turn, then is
 * refused with {@link ServiceBusyException}. Evaluating is CPU-bound, so more at once than processors only adds
 * latency, and heap: a 1,000-resource evaluation allocates about 50 MB (docs/PERFORMANCE.md). Waiting on the EHR's
 * FHIR server happens before, without a turn. Each wait is timed in {@code cds.evaluation.turn.wait}, by whether the
 * turn was taken or refused.
 */
@Component
class EvaluationTurns {

    private final WaitingPermits turns;
    private final Timer taken;
    private final Timer refused;

    EvaluationTurns(CdsProperties properties, MeterRegistry meters) {
        this.turns = new WaitingPermits(properties.concurrency().effectiveMaxEvaluations(), properties.concurrency().queueTimeout(),
                ServiceBusyException.Capacity.EVALUATION_TURNS, "Too many hook calls in progress: retry in a second");
        this.taken = waits(meters, "taken");
        this.refused = waits(meters, "refused");
    }

    private static Timer waits(MeterRegistry meters, String outcome) {
        return Timer.builder("cds.evaluation.turn.wait").tag("outcome", outcome)
                .description("time a hook call waited for an evaluation turn, taken or refused (503)").register(meters);
    }

    <T> T take(Supplier<T> evaluation) {
        long started = System.nanoTime();
        try {
            turns.acquire(1);
        } catch (ServiceBusyException e) {
            refused.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            throw e;
        }
        taken.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        try {
            return evaluation.get();
        } finally {
            turns.release(1);
        }
    }
}

package org.acrcds.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a replay check may ask the shared table now. After a failure or an answer slower than its bound, tokens are
 * checked in this instance's memory only for {@code localOnlyFor}, so an outage costs one call a bounded wait rather
 * than every call; then a single check tries the table again (the others stay local until it answers), once per period
 * while the table keeps failing. An outage lasts until a check succeeds: it is logged once and counted once.
 */
class ReplayCheckBreaker {

    private static final Logger log = LoggerFactory.getLogger(ReplayCheckBreaker.class);
    private static final long CLOSED = Long.MIN_VALUE;

    private final Clock clock;
    private final long localOnlyMillis;
    /** Epoch millis until which checks stay local; {@link #CLOSED} while the table answers. */
    private final AtomicLong localOnlyUntil = new AtomicLong(CLOSED);
    private final Counter outages;

    ReplayCheckBreaker(Clock clock, Duration localOnlyFor, MeterRegistry meters) {
        this.clock = clock;
        this.localOnlyMillis = localOnlyFor.toMillis();
        this.outages = Counter.builder("cds.security.replay.outages")
                .description("times the shared replay check became unavailable (tokens checked in one instance's memory only)")
                .register(meters);
    }

    /** @return true if this check should ask the table: it answers, or this check is the one to try it again */
    boolean allowsSharedCheck() {
        long until = localOnlyUntil.get();
        if (until == CLOSED) {
            return true;
        }
        long now = clock.millis();
        return now >= until && localOnlyUntil.compareAndSet(until, now + localOnlyMillis);
    }

    void succeeded() {
        if (localOnlyUntil.getAndSet(CLOSED) != CLOSED) {
            log.info("Shared replay check answers again: token ids are checked across instances");
        }
    }

    /** @param reason what went wrong, without any token content */
    void failed(String reason) {
        if (localOnlyUntil.getAndSet(clock.millis() + localOnlyMillis) == CLOSED) {
            outages.increment();
            log.warn("Shared replay check unavailable ({}): token ids are checked in this instance's memory only, the "
                    + "database is tried again every {} ms; until then a token could be used once more at another instance",
                    reason, localOnlyMillis);
        }
    }
}

package org.acrcds;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.acrcds.audit.DecisionIds;
import org.acrcds.cards.UuidSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A fixed clock (2026-11-27T10:00:00Z, unless a test moves it), numbered uuids and numbered decision ids, so whole
 * responses and records can be compared with stored files.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FixedClockAndUuids {

    public static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Bean
    @Primary
    MovableClock fixedClock() {
        // A test that records decisions over several days sets it and puts it back with reset(): the clock is shared
        // by every test of its Spring context.
        return new MovableClock(NOW);
    }

    @Bean
    @Primary
    SequentialUuids sequentialUuids() {
        return new SequentialUuids();
    }

    @Bean
    @Primary
    SequentialDecisionIds sequentialDecisionIds() {
        return new SequentialDecisionIds();
    }

    /** uuids 00000000-0000-4000-8000-000000000001, ...002, ...; {@link #reset()} before each scenario. */
    public static final class SequentialUuids implements UuidSource {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public String get() {
            return String.format("00000000-0000-4000-8000-%012d", next.incrementAndGet());
        }

        public void reset() {
            next.set(0);
        }
    }

    /**
     * Decision ids 00000000-0000-4000-a000-000000000001, ...002, ...: a sequence of their own, which the scenario
     * tests' {@link SequentialUuids#reset()} leaves alone, so every decision of a context keeps a distinct id.
     */
    public static final class SequentialDecisionIds implements DecisionIds {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public UUID get() {
            return UUID.fromString(String.format("00000000-0000-4000-a000-%012d", next.incrementAndGet()));
        }
    }
}

package org.acrcds;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.acrcds.cards.UuidSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A fixed clock (2026-11-27T10:00:00Z) and numbered uuids, so whole responses can be compared with stored files. */
@TestConfiguration(proxyBeanMethods = false)
public class FixedClockAndUuids {

    public static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Bean
    @Primary
    Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Bean
    @Primary
    SequentialUuids sequentialUuids() {
        return new SequentialUuids();
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
}

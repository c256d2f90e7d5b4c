package org.acrcds.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.acrcds.protocol.ServiceBusyException.Capacity;
import org.springframework.stereotype.Component;

/**
 * Counts the 503 answers in {@code cds.busy.refusals}, by the capacity that stayed taken. Every capacity is registered
 * at startup, so each series exists (at zero) before the first refusal.
 */
@Component
class BusyRefusals {

    private final Map<Capacity, Counter> refusals = new EnumMap<>(Capacity.class);

    BusyRefusals(MeterRegistry meters) {
        for (Capacity capacity : Capacity.values()) {
            refusals.put(capacity, Counter.builder("cds.busy.refusals").tag("reason", capacity.code())
                    .description("calls answered 503 with Retry-After because a capacity stayed taken").register(meters));
        }
    }

    void count(Capacity capacity) {
        refusals.get(capacity).increment();
    }
}

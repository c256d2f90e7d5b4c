package org.acrcds.cards;

import java.util.UUID;
import java.util.function.Supplier;

/** Where card and suggestion uuids come from; tests replace it with a predictable sequence. */
public interface UuidSource extends Supplier<String> {

    static UuidSource random() {
        return () -> UUID.randomUUID().toString();
    }
}

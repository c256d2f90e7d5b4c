package org.acrcds.audit;

import java.util.UUID;
import java.util.function.Supplier;

/** Where a decision's id comes from: random in service, a predictable sequence in tests that compare whole records. */
public interface DecisionIds extends Supplier<UUID> {

    static DecisionIds random() {
        return UUID::randomUUID;
    }
}

package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** A card's urgency (CDS Hooks 2.0 card.indicator). Written and read as its code. */
public enum Indicator {
    INFO("info"), WARNING("warning"), CRITICAL("critical");

    private final String code;

    Indicator(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}

package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** The CDS Hooks hooks this service answers. Written and read as its code. */
public enum Hook {
    ORDER_SELECT("order-select"), ORDER_SIGN("order-sign");

    private final String code;

    Hook(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}

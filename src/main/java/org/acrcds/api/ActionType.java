package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a suggestion's or system action's action does to a resource (action.type). Written and read as its code. */
public enum ActionType {
    CREATE("create"), UPDATE("update"), DELETE("delete");

    private final String code;

    ActionType(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}

package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What a clinician did with a card (feedback.outcome). Written and read as its code. */
public enum FeedbackOutcome {
    ACCEPTED("accepted"), OVERRIDDEN("overridden");

    private final String code;

    FeedbackOutcome(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Optional<FeedbackOutcome> of(String code) {
        return Arrays.stream(values()).filter(value -> value.code.equals(code)).findFirst();
    }
}

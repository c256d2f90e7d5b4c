package org.acrcds.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

public record FeedbackRequest(List<Feedback> feedback) {

    /**
     * @param overrideReasons the override reason as Epic's examples send it (plural, an object or an array of one);
     *     the service records it as {@code overrideReason}
     */
    public record Feedback(
            String card,
            String outcome,
            List<AcceptedSuggestion> acceptedSuggestions,
            OverrideReason overrideReason,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<OverrideReason> overrideReasons,
            String outcomeTimestamp) {}

    public record AcceptedSuggestion(String id) {}

    public record OverrideReason(Coding reason, String userComment) {}
}

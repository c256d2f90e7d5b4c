package org.acrcds.api;

import java.util.List;

public record FeedbackRequest(List<Feedback> feedback) {

    public record Feedback(
            String card,
            String outcome,
            List<AcceptedSuggestion> acceptedSuggestions,
            OverrideReason overrideReason,
            String outcomeTimestamp) {}

    public record AcceptedSuggestion(String id) {}

    public record OverrideReason(Coding reason, String userComment) {}
}

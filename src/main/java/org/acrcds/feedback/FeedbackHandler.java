package org.acrcds.feedback;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.acrcds.api.FeedbackRequest;
import org.acrcds.api.FeedbackRequest.Feedback;
import org.acrcds.protocol.InvalidRequestException;
import org.springframework.stereotype.Component;

/** Validates CDS Hooks 2.0 feedback and hands each entry to the recorder; nothing is recorded if any entry is invalid. */
@Component
public class FeedbackHandler {

    private static final Set<String> OUTCOMES = Set.of("accepted", "overridden");

    private final FeedbackRecorder recorder;

    public FeedbackHandler(FeedbackRecorder recorder) {
        this.recorder = recorder;
    }

    public void handle(String serviceId, FeedbackRequest request) {
        require(request != null && request.feedback() != null && !request.feedback().isEmpty(), "feedback must be a non-empty array");
        List<Feedback> entries = request.feedback();
        for (int index = 0; index < entries.size(); index++) {
            validate("feedback[" + index + "]", entries.get(index));
        }
        entries.forEach(entry -> recorder.record(serviceId, entry));
    }

    private static void validate(String where, Feedback feedback) {
        require(feedback != null, where + " must be an object");
        require(feedback.card() != null && !feedback.card().isBlank(), where + ".card (the card's uuid) is required");
        require(feedback.outcome() != null && OUTCOMES.contains(feedback.outcome()), where + ".outcome must be 'accepted' or 'overridden'");
        require(feedback.outcomeTimestamp() != null, where + ".outcomeTimestamp is required");
        try {
            OffsetDateTime.parse(feedback.outcomeTimestamp());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(where + ".outcomeTimestamp must be an ISO 8601 date-time with offset");
        }
        if ("accepted".equals(feedback.outcome())) {
            require(feedback.acceptedSuggestions() != null && !feedback.acceptedSuggestions().isEmpty()
                            && feedback.acceptedSuggestions().stream().allMatch(s -> s != null && s.id() != null && !s.id().isBlank()),
                    where + ".acceptedSuggestions with an id each is required when outcome is 'accepted'");
            require(feedback.overrideReason() == null, where + ".overrideReason is only allowed when outcome is 'overridden'");
        } else {
            require(feedback.acceptedSuggestions() == null || feedback.acceptedSuggestions().isEmpty(),
                    where + ".acceptedSuggestions is only allowed when outcome is 'accepted'");
        }
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidRequestException(problem);
        }
    }
}

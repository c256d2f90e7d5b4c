package org.acrcds.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.acrcds.api.FeedbackOutcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.acrcds.api.Coding;
import org.acrcds.api.FeedbackRequest;
import org.acrcds.api.FeedbackRequest.AcceptedSuggestion;
import org.acrcds.api.FeedbackRequest.Feedback;
import org.acrcds.api.FeedbackRequest.OverrideReason;
import org.acrcds.config.CdsProperties;
import org.acrcds.protocol.InvalidRequestException;
import org.springframework.stereotype.Component;

/**
 * Validates CDS Hooks 2.0 feedback and hands the entries to the recorder; nothing is recorded if any entry is invalid
 * or over a {@code cds.feedback.*} bound (entries wait in memory to be written, so their size is ours to limit). The
 * entries taken are counted in {@code cds.feedback.entries} by service and outcome.
 */
@Component
public class FeedbackHandler {

    private final FeedbackRecorder recorder;
    private final CdsProperties.Feedback limits;
    private final MeterRegistry meters;

    public FeedbackHandler(FeedbackRecorder recorder, CdsProperties properties, MeterRegistry meters) {
        this.recorder = recorder;
        this.limits = properties.feedback();
        this.meters = meters;
    }

    /** @param serviceId a service of the catalog (the caller checked: it tags a meter) */
    public void handle(String serviceId, FeedbackRequest request) {
        require(request != null && request.feedback() != null && !request.feedback().isEmpty(), "feedback must be a non-empty array");
        require(request.feedback().size() <= limits.maxEntries(), "feedback has more than " + limits.maxEntries() + " entries");
        List<ValidFeedback> entries = new ArrayList<>();
        for (int index = 0; index < request.feedback().size(); index++) {
            String where = "feedback[" + index + "]";
            entries.add(validate(where, withOneOverrideReason(where, request.feedback().get(index))));
        }
        recorder.recordAll(serviceId, entries);
        entries.forEach(entry -> Counter.builder("cds.feedback.entries").description("feedback entries taken, by what the clinician did")
                .tags("service", serviceId, "outcome", entry.outcome().code()).register(meters).increment());
    }

    /** The entry as the specification spells it: Epic's {@code overrideReasons} (one reason) becomes {@code overrideReason}. */
    private static Feedback withOneOverrideReason(String where, Feedback feedback) {
        require(feedback != null, where + " must be an object");
        if (feedback.overrideReasons() == null || feedback.overrideReasons().isEmpty()) {
            return feedback;
        }
        require(feedback.overrideReason() == null, where + " has both overrideReason and overrideReasons: send one");
        require(feedback.overrideReasons().size() <= 1, where + ".overrideReasons holds more than one reason");
        require(feedback.overrideReasons().get(0) != null, where + ".overrideReasons[0] must be an object");
        return new Feedback(feedback.card(), feedback.outcome(), feedback.acceptedSuggestions(), feedback.overrideReasons().get(0),
                null, feedback.outcomeTimestamp());
    }

    private ValidFeedback validate(String where, Feedback feedback) {
        requireWithinLimits(where, feedback);
        require(feedback.card() != null && !feedback.card().isBlank(), where + ".card (the card's uuid) is required");
        Optional<FeedbackOutcome> outcome = FeedbackOutcome.of(feedback.outcome());
        require(outcome.isPresent(), where + ".outcome must be 'accepted' or 'overridden'");
        require(feedback.outcomeTimestamp() != null, where + ".outcomeTimestamp is required");
        Instant outcomeAt;
        try {
            outcomeAt = OffsetDateTime.parse(feedback.outcomeTimestamp()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(where + ".outcomeTimestamp must be an ISO 8601 date-time with offset");
        }
        if (outcome.get() == FeedbackOutcome.ACCEPTED) {
            require(feedback.acceptedSuggestions() != null && !feedback.acceptedSuggestions().isEmpty()
                            && feedback.acceptedSuggestions().stream().allMatch(s -> s != null && s.id() != null && !s.id().isBlank()),
                    where + ".acceptedSuggestions with an id each is required when outcome is 'accepted'");
            require(feedback.overrideReason() == null,
                    where + ".overrideReason is only allowed when outcome is 'overridden'");
        } else {
            require(feedback.acceptedSuggestions() == null || feedback.acceptedSuggestions().isEmpty(),
                    where + ".acceptedSuggestions is only allowed when outcome is 'accepted'");
        }
        return new ValidFeedback(feedback.card(), outcome.get(), outcomeAt,
                feedback.overrideReason() == null ? null : feedback.overrideReason().reason(),
                feedback.acceptedSuggestions() == null ? 0 : feedback.acceptedSuggestions().size());
    }

    private void requireWithinLimits(String where, Feedback feedback) {
        requireAtMost(feedback.card(), limits.maxFieldLength(), where + ".card");
        List<AcceptedSuggestion> suggestions = feedback.acceptedSuggestions();
        if (suggestions != null) {
            require(suggestions.size() <= limits.maxAcceptedSuggestions(),
                    where + ".acceptedSuggestions has more than " + limits.maxAcceptedSuggestions() + " entries");
            for (int index = 0; index < suggestions.size(); index++) {
                AcceptedSuggestion suggestion = suggestions.get(index);
                requireAtMost(suggestion == null ? null : suggestion.id(), limits.maxFieldLength(),
                        where + ".acceptedSuggestions[" + index + "].id");
            }
        }
        OverrideReason overrideReason = feedback.overrideReason();
        if (overrideReason != null) {
            requireAtMost(overrideReason.userComment(), limits.maxCommentLength(), where + ".overrideReason.userComment");
            Coding reason = overrideReason.reason();
            if (reason != null) {
                requireAtMost(reason.system(), limits.maxFieldLength(), where + ".overrideReason.reason.system");
                requireAtMost(reason.code(), limits.maxFieldLength(), where + ".overrideReason.reason.code");
                requireAtMost(reason.display(), limits.maxFieldLength(), where + ".overrideReason.reason.display");
            }
        }
    }

    private static void requireAtMost(String value, int maxLength, String field) {
        require(value == null || value.length() <= maxLength, field + " is longer than " + maxLength + " characters");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidRequestException(problem);
        }
    }
}

package org.acrcds.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.acrcds.api.Coding;
import org.acrcds.api.FeedbackRequest.AcceptedSuggestion;
import org.acrcds.api.FeedbackRequest.Feedback;
import org.acrcds.api.FeedbackRequest.OverrideReason;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The in-memory store stays within its entry count and its estimated bytes, newest entries kept. */
class InMemoryFeedbackRecorderTest {

    static final String SERVICE = "jia-spine-followup-order-select";

    static CdsProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("cds", CdsProperties.class);
    }

    /** The largest entry the request bounds let through (cds.feedback.* defaults). */
    static Feedback largest(CdsProperties.Feedback limits, int number) {
        String field = "f".repeat(limits.maxFieldLength());
        return new Feedback(String.format("%0" + limits.maxFieldLength() + "d", number), "overridden", null,
                new OverrideReason(new Coding(field, field, field), "x".repeat(limits.maxCommentLength())), null, "2026-11-27T10:06:30Z");
    }

    @Test
    void retainedBytesStayUnderTheBoundWhateverIsPosted() {
        CdsProperties properties = properties(Map.of("cds.feedback.max-retained-size", "64KB"));
        InMemoryFeedbackRecorder recorder = new InMemoryFeedbackRecorder(properties);

        for (int number = 0; number < 1_000; number++) {
            recorder.record(SERVICE, largest(properties.feedback(), number));
            assertThat(recorder.retainedBytes()).isPositive().isLessThanOrEqualTo(64 * 1024);
        }
        List<FeedbackRecorder.RecordedFeedback> kept = recorder.recent(Integer.MAX_VALUE);
        assertThat(kept).hasSizeBetween(2, 999);
        assertThat(kept.get(0).feedback()).isEqualTo(largest(properties.feedback(), 999));
        // Each entry holds at least its comment as UTF-16: the estimate may not be below that.
        assertThat(recorder.retainedBytes()).isGreaterThan(kept.size() * 2L * properties.feedback().maxCommentLength());
    }

    @Test
    void capacityStillBoundsTheNumberOfEntries() {
        InMemoryFeedbackRecorder recorder = new InMemoryFeedbackRecorder(properties(Map.of("cds.feedback.capacity", "3")));
        for (int number = 1; number <= 5; number++) {
            recorder.record(SERVICE, new Feedback("card-" + number, "accepted", List.of(new AcceptedSuggestion("s")), null, null,
                    "2026-11-27T10:06:30Z"));
        }
        assertThat(recorder.recent(10)).extracting(recorded -> recorded.feedback().card()).containsExactly("card-5", "card-4", "card-3");
    }
}

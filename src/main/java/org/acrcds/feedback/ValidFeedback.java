package org.acrcds.feedback;

import java.time.Instant;
import org.acrcds.api.Coding;
import org.acrcds.api.FeedbackOutcome;

/**
 * A feedback entry as validation read it, once: its outcome and outcome time parsed, its override reason in the
 * specification's spelling (Epic's {@code overrideReasons} folded in). The free-text comment is left behind: nothing
 * downstream may keep it (it can hold patient data).
 *
 * @param overrideReason the override reason's coding, or null for none
 */
public record ValidFeedback(String card, FeedbackOutcome outcome, Instant outcomeAt, Coding overrideReason, int acceptedSuggestions) {}

package org.acrcds.feedback;

import java.util.List;
import org.acrcds.api.FeedbackRequest.Feedback;

/** Where feedback on cards goes. One implementation for now (in memory); persistence can replace it. */
public interface FeedbackRecorder {

    void record(String serviceId, Feedback feedback);

    /** The most recent entries first, at most {@code limit}. */
    List<RecordedFeedback> recent(int limit);

    record RecordedFeedback(String serviceId, Feedback feedback) {}
}

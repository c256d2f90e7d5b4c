package org.acrcds.feedback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.acrcds.api.FeedbackRequest.Feedback;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest feedback entries in a bounded buffer and logs each one. The log line names the service,
 * card, outcome and override reason code: no patient data and no free-text comment (it may hold PHI).
 */
@Component
class InMemoryFeedbackRecorder implements FeedbackRecorder {

    private static final Logger log = LoggerFactory.getLogger(InMemoryFeedbackRecorder.class);

    private final int capacity;
    private final Deque<RecordedFeedback> entries = new ArrayDeque<>();

    InMemoryFeedbackRecorder(CdsProperties properties) {
        this.capacity = properties.feedbackCapacity();
    }

    @Override
    public synchronized void record(String serviceId, Feedback feedback) {
        if (entries.size() >= capacity) {
            entries.removeLast();
        }
        entries.addFirst(new RecordedFeedback(serviceId, feedback));
        log.info("Feedback service={} card={} outcome={} overrideReason={} acceptedSuggestions={}", serviceId, feedback.card(),
                feedback.outcome(),
                feedback.overrideReason() == null || feedback.overrideReason().reason() == null ? "-" : feedback.overrideReason().reason().code(),
                feedback.acceptedSuggestions() == null ? 0 : feedback.acceptedSuggestions().size());
    }

    @Override
    public synchronized List<RecordedFeedback> recent(int limit) {
        List<RecordedFeedback> recent = new ArrayList<>();
        Iterator<RecordedFeedback> iterator = entries.iterator();
        while (iterator.hasNext() && recent.size() < limit) {
            recent.add(iterator.next());
        }
        return recent;
    }
}

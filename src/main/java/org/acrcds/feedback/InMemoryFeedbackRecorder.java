package org.acrcds.feedback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.acrcds.api.Coding;
import org.acrcds.api.FeedbackRequest.AcceptedSuggestion;
import org.acrcds.api.FeedbackRequest.Feedback;
import org.acrcds.api.FeedbackRequest.OverrideReason;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the latest feedback entries, at most {@code cds.feedback.capacity} of them and at most
 * {@code cds.feedback.max-retained-size} by estimate, each card and outcome once, and logs each one. The log line names the service, card,
 * outcome and override reason code: no patient data and no free-text comment (it may hold PHI).
 */
@Component
class InMemoryFeedbackRecorder implements FeedbackRecorder {

    private static final Logger log = LoggerFactory.getLogger(InMemoryFeedbackRecorder.class);
    /** An object's header and fields, or a String's object and array headers: rounded up for a 64-bit JVM. */
    private static final long OBJECT_BYTES = 48;

    private final int capacity;
    private final long maxRetainedBytes;
    private final Deque<Kept> entries = new ArrayDeque<>();
    private final Set<String> keys = new HashSet<>();
    private long retainedBytes;

    InMemoryFeedbackRecorder(CdsProperties properties) {
        this.capacity = properties.feedback().capacity();
        this.maxRetainedBytes = properties.feedback().maxRetainedSize().toBytes();
    }

    @Override
    public synchronized void record(String serviceId, Feedback feedback) {
        // Clients may repeat feedback or batch it again (CDS Hooks 2.0): the same card and outcome count once.
        String key = serviceId + '\n' + feedback.card() + '\n' + feedback.outcome();
        if (keys.contains(key)) {
            log.debug("Feedback service={} card={} outcome={} repeated, not recorded again", serviceId, feedback.card(), feedback.outcome());
            return;
        }
        RecordedFeedback recorded = new RecordedFeedback(serviceId, feedback);
        long bytes = estimatedBytes(recorded);
        // Within the request bounds an entry always fits; only a bound set below one entry leaves it logged, not kept.
        if (bytes <= maxRetainedBytes) {
            while (!entries.isEmpty() && (entries.size() >= capacity || retainedBytes + bytes > maxRetainedBytes)) {
                Kept evicted = entries.removeLast();
                retainedBytes -= evicted.bytes();
                keys.remove(evicted.key());
            }
            entries.addFirst(new Kept(recorded, key, bytes));
            keys.add(key);
            retainedBytes += bytes;
        }
        log.info("Feedback service={} card={} outcome={} overrideReason={} acceptedSuggestions={}", serviceId, feedback.card(),
                feedback.outcome(),
                feedback.overrideReason() == null || feedback.overrideReason().reason() == null ? "-" : feedback.overrideReason().reason().code(),
                feedback.acceptedSuggestions() == null ? 0 : feedback.acceptedSuggestions().size());
    }

    @Override
    public synchronized List<RecordedFeedback> recent(int limit) {
        List<RecordedFeedback> recent = new ArrayList<>();
        Iterator<Kept> iterator = entries.iterator();
        while (iterator.hasNext() && recent.size() < limit) {
            recent.add(iterator.next().recorded());
        }
        return recent;
    }

    synchronized long retainedBytes() {
        return retainedBytes;
    }

    /** An upper estimate of the heap an entry holds: every object it references, two bytes a character. */
    private static long estimatedBytes(RecordedFeedback recorded) {
        Feedback feedback = recorded.feedback();
        long bytes = 3 * OBJECT_BYTES + text(recorded.serviceId()) + text(feedback.card()) + text(feedback.outcome())
                + text(feedback.outcomeTimestamp());
        if (feedback.acceptedSuggestions() != null) {
            bytes += OBJECT_BYTES;
            for (AcceptedSuggestion suggestion : feedback.acceptedSuggestions()) {
                bytes += 2 * OBJECT_BYTES + (suggestion == null ? 0 : text(suggestion.id()));
            }
        }
        OverrideReason overrideReason = feedback.overrideReason();
        if (overrideReason != null) {
            bytes += OBJECT_BYTES + text(overrideReason.userComment());
            Coding reason = overrideReason.reason();
            if (reason != null) {
                bytes += OBJECT_BYTES + text(reason.system()) + text(reason.code()) + text(reason.display());
            }
        }
        return bytes;
    }

    private static long text(String value) {
        return value == null ? 0 : OBJECT_BYTES + 2L * value.length();
    }

    private record Kept(RecordedFeedback recorded, String key, long bytes) {}
}

package org.acrcds.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.acrcds.feedback.FeedbackRecorder;
import org.acrcds.feedback.ValidFeedback;
import org.acrcds.protocol.ServiceBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Queues a feedback request's entries for the database, all or none. When the queue has no room the client gets
 * 503 with Retry-After and sends them again (the same card, outcome and time are stored once), so none is lost.
 * The log line names the service, card, outcome and override reason code: no free-text comment (it may hold PHI).
 */
@Component
class StoredFeedbackRecorder implements FeedbackRecorder {

    private static final Logger log = LoggerFactory.getLogger(StoredFeedbackRecorder.class);

    private final AuditQueue queue;
    private final Clock clock;

    StoredFeedbackRecorder(AuditQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    @Override
    public void recordAll(String serviceId, List<ValidFeedback> entries) {
        Instant received = clock.instant();
        List<FeedbackEntry> stored = entries.stream().map(feedback -> entry(serviceId, received, feedback)).toList();
        if (!queue.offerAll(stored)) {
            throw new ServiceBusyException(ServiceBusyException.Capacity.AUDIT_QUEUE, "Feedback cannot be taken now; send it again shortly");
        }
        stored.forEach(entry -> log.info("Feedback service={} card={} outcome={} overrideReason={} acceptedSuggestions={}",
                serviceId, entry.cardUuid(), entry.outcome(), entry.overrideReasonCode() == null ? "-" : entry.overrideReasonCode(),
                entry.acceptedSuggestions()));
    }

    private static FeedbackEntry entry(String serviceId, Instant received, ValidFeedback feedback) {
        var reason = feedback.overrideReason();
        return new FeedbackEntry(received, serviceId, feedback.card(), feedback.outcome().code(), feedback.outcomeAt(),
                reason == null ? null : reason.system(), reason == null ? null : reason.code(), feedback.acceptedSuggestions());
    }
}

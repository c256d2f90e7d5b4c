package org.acrcds.audit;

import java.time.Instant;

/**
 * One feedback entry as stored: recorded once per card, outcome and outcome time. The override reason's free-text
 * comment is not kept (it may hold patient data).
 */
public record FeedbackEntry(
        Instant receivedAt,
        String serviceId,
        String cardUuid,
        String outcome,
        Instant outcomeAt,
        String overrideReasonSystem,
        String overrideReasonCode,
        int acceptedSuggestions) implements AuditRecord {}

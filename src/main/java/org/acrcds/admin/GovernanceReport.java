package org.acrcds.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * What the governance report says about a window of UTC days. A card counts in the window of the decision that showed
 * it; its outcome is its latest feedback by outcome time, wherever that falls. Null values are written (a null
 * acceptance rate means no card had an outcome); the service's other JSON leaves them out.
 *
 * @param cardsBySiteAndTopic per calling site (null: a call that belonged to no site) and card topic
 * @param weeks per ISO week (Monday to Sunday, UTC) that overlaps the window, counting only its days in the window
 * @param ratingsByProcedureClass per ACR procedure class (null: orders the variant does not rate)
 * @param unmatchedFeedback feedback entries received in the window whose card uuid no recorded decision has (a card
 *     of a decision dropped or purged, or a client's mistake)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record GovernanceReport(LocalDate from, LocalDate to, List<TopicRow> cardsBySiteAndTopic, List<WeekRow> weeks,
        List<ProcedureClassRow> ratingsByProcedureClass, long unmatchedFeedback) {

    /**
     * @param overridden cards whose latest feedback is {@code overridden}; {@code overriddenByReason} splits them
     * @param noFeedback cards without any feedback
     * @param acceptanceRate accepted / (accepted + overridden), null when both are 0
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TopicRow(String siteId, String topicSystem, String topicCode, long shown, long accepted, long overridden,
            List<ReasonCount> overriddenByReason, long noFeedback, Double acceptanceRate) {}

    /** Overridden cards with this override reason (system and code null: no reason given). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ReasonCount(String system, String code, long cards) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record WeekRow(LocalDate weekStart, long shown, long accepted, long overridden, long noFeedback, Double acceptanceRate) {}

    /** @param rated the orders of this class rated in the window */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProcedureClassRow(String procedureClass, long rated, List<ValueCount> pamaRatings, List<ValueCount> categories) {}

    /** Orders with this value (null: none given, e.g. no ACR category where the variant does not apply). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ValueCount(String value, long orders) {}
}

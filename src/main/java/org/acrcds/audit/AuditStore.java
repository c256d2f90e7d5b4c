package org.acrcds.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes decisions and feedback, one batch per transaction, and purges what is past retention. */
@Component
class AuditStore {

    // The same statement on PostgreSQL and on H2 in PostgreSQL mode: a repeated entry is not an error.
    private static final String INSERT_FEEDBACK = """
            INSERT INTO feedback (received_at, service_id, card_uuid, outcome, outcome_at, override_reason_system,
                                  override_reason_code, accepted_suggestions)
            VALUES (:receivedAt, :serviceId, :cardUuid, :outcome, :outcomeAt, :overrideReasonSystem, :overrideReasonCode,
                    :acceptedSuggestions)
            ON CONFLICT DO NOTHING""";

    private final JdbcAggregateTemplate aggregates;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    AuditStore(JdbcAggregateTemplate aggregates, NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction) {
        this.aggregates = aggregates;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    void write(List<AuditRecord> batch) {
        List<Decision> decisions = batch.stream().filter(Decision.class::isInstance).map(Decision.class::cast).toList();
        SqlParameterSource[] feedback = batch.stream().filter(FeedbackEntry.class::isInstance).map(FeedbackEntry.class::cast)
                .map(AuditStore::parameters).toArray(SqlParameterSource[]::new);
        transaction.executeWithoutResult(status -> {
            if (!decisions.isEmpty()) {
                aggregates.insertAll(decisions);
            }
            if (feedback.length > 0) {
                jdbc.batchUpdate(INSERT_FEEDBACK, feedback);
            }
        });
    }

    /** @return the decisions and feedback entries deleted */
    int purgeBefore(Instant cutoff) {
        MapSqlParameterSource before = new MapSqlParameterSource("cutoff", Timestamp.from(cutoff));
        return transaction.execute(status -> jdbc.update("DELETE FROM decision WHERE recorded_at < :cutoff", before)
                + jdbc.update("DELETE FROM feedback WHERE received_at < :cutoff", before));
    }

    private static SqlParameterSource parameters(FeedbackEntry entry) {
        return new MapSqlParameterSource()
                .addValue("receivedAt", Timestamp.from(entry.receivedAt()))
                .addValue("serviceId", entry.serviceId())
                .addValue("cardUuid", entry.cardUuid())
                .addValue("outcome", entry.outcome())
                .addValue("outcomeAt", Timestamp.from(entry.outcomeAt()))
                .addValue("overrideReasonSystem", entry.overrideReasonSystem())
                .addValue("overrideReasonCode", entry.overrideReasonCode())
                .addValue("acceptedSuggestions", entry.acceptedSuggestions());
    }
}

package org.acrcds.audit;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The counts the governance report is made of, aggregated by the database (a window's rows are never loaded). One SQL
 * for H2 in PostgreSQL mode and for PostgreSQL. A card's outcome is its latest feedback by outcome time (then the
 * last received); a card without feedback has a null outcome. Days are UTC days; the window is selected on
 * {@code recorded_at}, which is indexed, and grouped by {@code recorded_day}, its UTC day.
 */
@Component
public class GovernanceCounts {

    /** The cards shown in the window with their latest feedback, the second statement's input too. */
    private static final String SHOWN_WITH_OUTCOME = """
            WITH shown AS (
                SELECT d.site_id, d.recorded_day, c.card_uuid, c.topic_system, c.topic_code
                FROM decision d JOIN shown_card c ON c.decision_id = d.id
                WHERE d.recorded_at >= :from AND d.recorded_at < :until),
            latest AS (
                SELECT card_uuid, outcome, override_reason_system, override_reason_code,
                       ROW_NUMBER() OVER (PARTITION BY card_uuid ORDER BY outcome_at DESC, id DESC) AS newest
                FROM feedback
                WHERE card_uuid IN (SELECT card_uuid FROM shown)),
            shown_with_outcome AS (
                SELECT s.site_id, s.recorded_day, s.topic_system, s.topic_code, l.outcome, l.override_reason_system,
                       l.override_reason_code
                FROM shown s LEFT JOIN latest l ON l.card_uuid = s.card_uuid AND l.newest = 1)
            """;

    private static final String BY_SITE_AND_TOPIC = SHOWN_WITH_OUTCOME + """
            SELECT site_id, topic_system, topic_code, outcome, override_reason_system, override_reason_code, COUNT(*)
            FROM shown_with_outcome
            GROUP BY site_id, topic_system, topic_code, outcome, override_reason_system, override_reason_code""";

    private static final String BY_DAY = SHOWN_WITH_OUTCOME + """
            SELECT recorded_day, outcome, COUNT(*)
            FROM shown_with_outcome
            GROUP BY recorded_day, outcome""";

    private static final String RATINGS = """
            SELECT o.procedure_class, o.pama_rating, o.category, COUNT(*)
            FROM decision d JOIN rated_order o ON o.decision_id = d.id
            WHERE d.recorded_at >= :from AND d.recorded_at < :until
            GROUP BY o.procedure_class, o.pama_rating, o.category""";

    private static final String UNMATCHED_FEEDBACK = """
            SELECT COUNT(*) FROM feedback f
            WHERE f.received_at >= :from AND f.received_at < :until
              AND NOT EXISTS (SELECT 1 FROM shown_card c WHERE c.card_uuid = f.card_uuid)""";

    /** Cards of one site and topic with the same outcome and override reason (all null for no feedback). */
    public record TopicOutcome(String siteId, String topicSystem, String topicCode, String outcome, String overrideReasonSystem,
            String overrideReasonCode, long cards) {}

    /** Cards shown on one UTC day with the same outcome (null for no feedback). */
    public record DayOutcome(LocalDate day, String outcome, long cards) {}

    /** Rated orders of one procedure class with the same rating and category. */
    public record Rating(String procedureClass, String pamaRating, String category, long orders) {}

    /**
     * @param unmatchedFeedback feedback entries received in the window whose card uuid no decision has
     */
    public record Counts(List<TopicOutcome> byTopic, List<DayOutcome> byDay, List<Rating> ratings, long unmatchedFeedback) {}

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    GovernanceCounts(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // Every count from the same snapshot of the database, so that the report's numbers agree with each other.
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** @param from the first UTC day, @param to the last UTC day, included */
    public Counts between(LocalDate from, LocalDate to) {
        MapSqlParameterSource window = new MapSqlParameterSource()
                .addValue("from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()))
                .addValue("until", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        return snapshot.execute(status -> new Counts(
                jdbc.query(BY_SITE_AND_TOPIC, window, (row, index) -> new TopicOutcome(row.getString(1), row.getString(2),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getLong(7))),
                jdbc.query(BY_DAY, window, (row, index) -> new DayOutcome(row.getObject(1, LocalDate.class), row.getString(2), row.getLong(3))),
                jdbc.query(RATINGS, window, (row, index) -> new Rating(row.getString(1), row.getString(2), row.getString(3), row.getLong(4))),
                jdbc.queryForObject(UNMATCHED_FEEDBACK, window, Long.class)));
    }
}

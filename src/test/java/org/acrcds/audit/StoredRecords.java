package org.acrcds.audit;

import java.time.Duration;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the audit database holds, read back by tests once the queue has written everything offered. */
public final class StoredRecords {

    private final AuditQueue queue;
    private final JdbcClient jdbc;

    public StoredRecords(AuditQueue queue, JdbcClient jdbc) {
        this.queue = queue;
        this.jdbc = jdbc;
    }

    public List<FeedbackEntry> feedback() {
        awaitWritten();
        return jdbc.sql("""
                SELECT received_at, service_id, card_uuid, outcome, outcome_at, override_reason_system, override_reason_code,
                       accepted_suggestions
                FROM feedback ORDER BY id""")
                .query((row, index) -> new FeedbackEntry(row.getTimestamp(1).toInstant(), row.getString(2), row.getString(3),
                        row.getString(4), row.getTimestamp(5).toInstant(), row.getString(6), row.getString(7), row.getInt(8)))
                .list();
    }

    public List<FeedbackEntry> feedbackFor(String cardUuid) {
        return feedback().stream().filter(entry -> entry.cardUuid().equals(cardUuid)).toList();
    }

    public long count(String table) {
        awaitWritten();
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    public void awaitWritten() {
        try {
            if (!queue.awaitWritten(Duration.ofSeconds(10))) {
                throw new AssertionError("the audit queue did not write its records within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package org.acrcds.audit;

import java.time.Clock;
import java.time.Duration;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes decisions and feedback older than {@code cds.audit.retention}, on {@code cds.audit.purge-cron}. Several
 * instances on one database may all run it: a delete by age is the same whichever runs first.
 */
@Component
class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    private final AuditStore store;
    private final Duration retention;
    private final Clock clock;

    RetentionPurge(AuditStore store, CdsProperties properties, Clock clock) {
        this.store = store;
        this.retention = properties.audit().retention();
        this.clock = clock;
    }

    @Scheduled(cron = "${cds.audit.purge-cron:0 17 3 * * *}")
    void purge() {
        int deleted = store.purgeBefore(clock.instant().minus(retention));
        log.info("Retention purge: {} decision and feedback record(s) older than {} deleted", deleted, retention);
    }
}

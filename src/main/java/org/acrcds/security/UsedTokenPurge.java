package org.acrcds.security;

import java.time.Clock;
import java.time.Duration;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the ids of expired tokens from the shared table, every {@code cds.security.replay.purge-interval}. A row
 * goes one clock skew after its expiry (which already includes the skew), so an instance whose clock is behind by up
 * to the skew still finds the row of every token it would accept. Every instance may run it: deleting by age is the
 * same whichever runs first.
 */
@Component
class UsedTokenPurge {

    private static final Logger log = LoggerFactory.getLogger(UsedTokenPurge.class);

    private final UsedTokenTable table;
    private final Clock clock;
    private final Duration clockSkew;

    UsedTokenPurge(UsedTokenTable table, CdsProperties properties, Clock clock) {
        this.table = table;
        this.clock = clock;
        this.clockSkew = properties.security().clockSkew();
    }

    @Scheduled(fixedDelayString = "${cds.security.replay.purge-interval:60s}", initialDelayString = "${cds.security.replay.purge-interval:60s}")
    void purge() {
        try {
            int deleted = table.deleteExpiredBefore(clock.instant().minus(clockSkew));
            log.debug("Used token purge: {} expired token id(s) deleted", deleted);
        } catch (DataAccessException e) {
            // The next run tries again; the audit writer and the replay check report the outage itself.
            log.warn("Used token purge failed ({}); tried again at the next interval", e.getClass().getSimpleName());
        }
    }
}

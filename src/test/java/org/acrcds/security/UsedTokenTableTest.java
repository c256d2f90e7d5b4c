package org.acrcds.security;

import org.acrcds.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class UsedTokenTableTest {

    static final String EHR = "https://ehr.example.org";

    final TroubledDatabase database = new TroubledDatabase();
    final UsedTokenTable table = new UsedTokenTable(database);
    final JdbcClient jdbc = JdbcClient.create(database.healthy());

    @Test
    void aKeyIsClaimedOnce() {
        Instant expiry = Instant.now().plusSeconds(360);

        assertThat(table.claim(UsedTokenTable.key(EHR, "jti-1"), expiry)).isTrue();
        assertThat(table.claim(UsedTokenTable.key(EHR, "jti-1"), expiry)).isFalse();
        assertThat(table.claim(UsedTokenTable.key(EHR, "jti-2"), expiry)).isTrue();
        assertThat(table.claim(UsedTokenTable.key("https://other-ehr.example.org", "jti-1"), expiry)).isTrue();
    }

    @Test
    void theKeyIsTheSha256OfIssuerAndJtiWhateverTheirLength() {
        assertThat(UsedTokenTable.key(EHR, "jti-1")).isEqualTo(UsedTokenTable.key(EHR, "jti-1")).matches("[0-9a-f]{64}")
                .isNotEqualTo(UsedTokenTable.key(EHR, "jti-2"));
        // printf 'https://ehr.example.org\njti-1' | sha256sum
        assertThat(UsedTokenTable.key(EHR, "jti-1")).isEqualTo("d700fe7982abe40e1685e89aaeb80f94a8186dbe5bceaf04cbdba9aaed457bbf");
        assertThat(table.claim(UsedTokenTable.key(EHR, "j".repeat(10_000)), Instant.now().plusSeconds(60))).isTrue();
    }

    @Test
    void thePurgeDeletesOnlyKeysExpiredMoreThanAClockSkewAgo() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Instant now = clock.instant();
        Duration skew = Duration.ofSeconds(60);
        table.claim("long-expired", now.minus(skew).minusSeconds(1));
        table.claim("expired-within-skew", now.minus(skew).plusSeconds(1));
        table.claim("live", now.plusSeconds(300));
        UsedTokenPurge purge = new UsedTokenPurge(table, properties(skew), clock);

        purge.purge();

        assertThat(jdbc.sql("SELECT token_key FROM used_token ORDER BY token_key").query(String.class).list())
                .map(String::trim).containsExactly("expired-within-skew", "live");
    }

    @Test
    void aFailedPurgeIsTriedAgainAtTheNextInterval() {
        table.claim("long-expired", Instant.now().minusSeconds(3600));
        UsedTokenPurge purge = new UsedTokenPurge(table, properties(Duration.ofSeconds(60)), java.time.Clock.systemUTC());
        database.failing(true);

        purge.purge(); // no exception escapes to the scheduler

        database.failing(false);
        purge.purge();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM used_token").query(Long.class).single()).isZero();
    }

    static CdsProperties properties(Duration clockSkew) {
        return new CdsProperties(null, null, null, null, null,
                new CdsProperties.Security(true, List.of(), clockSkew, "https://cds.example.org", null, null,
                        new CdsProperties.Replay(Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(60))),
                null, null, null, null, null, null, null);
    }
}

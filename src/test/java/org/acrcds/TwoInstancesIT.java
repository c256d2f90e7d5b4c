package org.acrcds;

import static org.acrcds.SecuredInstance.ORDER_SELECT;
import static org.acrcds.SecuredInstance.token;
import static org.acrcds.SecuredInstance.vignette;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.acrcds.audit.AuditQueue;
import org.acrcds.audit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two real servers on loopback sharing one PostgreSQL database, as two instances behind one public URL: a token is
 * accepted once by both together, and what one records the other reads.
 */
class TwoInstancesIT {

    static SecuredInstance a;
    static SecuredInstance b;

    @BeforeAll
    static void startTwoInstancesOnOneDatabase() {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.newDatabaseUrl();
        // A generous bound: this test is about sharing, and on a loaded machine a check slower than the default 50 ms
        // would keep that instance local for a few seconds (ReplayOutageIT tests the defaults against an outage).
        String[] settings = {"--cds.security.replay.shared-check-timeout=2s", "--cds.security.replay.purge-interval=200ms"};
        a = SecuredInstance.start(database, postgres.user(), settings);
        b = SecuredInstance.start(database, postgres.user(), settings);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aTokenUsedAtOneInstanceIsRefusedAtTheOtherBothWays() throws Exception {
        String usedAtA = token(ORDER_SELECT);
        String usedAtB = token(ORDER_SELECT);

        assertThat(a.call("POST", ORDER_SELECT, vignette(), usedAtA).status()).isEqualTo(200);
        assertThat(b.call("POST", ORDER_SELECT, vignette(), usedAtA).status()).isEqualTo(401);

        assertThat(b.call("POST", ORDER_SELECT, vignette(), usedAtB).status()).isEqualTo(200);
        assertThat(a.call("POST", ORDER_SELECT, vignette(), usedAtB).status()).isEqualTo(401);
    }

    @Test
    void freshTokensWorkOnBoth() throws Exception {
        for (SecuredInstance instance : new SecuredInstance[] {a, b, a, b}) {
            assertThat(instance.call("POST", ORDER_SELECT, vignette(), token(ORDER_SELECT)).status()).isEqualTo(200);
            assertThat(instance.call("GET", "/cds-services", null, token("/cds-services")).status()).isEqualTo(200);
        }
    }

    @Test
    void feedbackOnACardOfOneInstanceAppearsInTheOthersReport() throws Exception {
        RawHttp.Response answer = a.call("POST", ORDER_SELECT, vignette(), token(ORDER_SELECT));
        assertThat(answer.status()).isEqualTo(200);
        String card = new ObjectMapper().readTree(answer.body()).at("/cards/0/uuid").asText();
        String reason = "reason-" + UUID.randomUUID(); // names this test's feedback in a report the other tests add to
        String feedback = """
                {"feedback": [{"card": "%s", "outcome": "overridden", "outcomeTimestamp": "%s",
                  "overrideReason": {"reason": {"system": "http://example.org/override-reason", "code": "%s"}}}]}"""
                .formatted(card, Instant.now(), reason);
        assertThat(a.call("POST", ORDER_SELECT + "/feedback", feedback, token(ORDER_SELECT + "/feedback")).status()).isEqualTo(200);
        assertThat(a.bean(AuditQueue.class).awaitWritten(Duration.ofSeconds(10))).isTrue();

        RawHttp.Response report = RawHttp.send(b.port(), "GET", "/admin/report", null, "Authorization: Bearer " + SecuredInstance.ADMIN_TOKEN);

        assertThat(report.status()).isEqualTo(200);
        JsonNode overriddenForReason = null;
        for (JsonNode row : new ObjectMapper().readTree(report.body()).get("cardsBySiteAndTopic")) {
            for (JsonNode byReason : row.get("overriddenByReason")) {
                if (reason.equals(byReason.path("code").asText())) {
                    assertThat(row.get("siteId").asText()).isEqualTo("it-site");
                    overriddenForReason = byReason;
                }
            }
        }
        assertThat(overriddenForReason).as("B's report counts the card A showed and the feedback A received").isNotNull();
        assertThat(overriddenForReason.get("cards").asInt()).isEqualTo(1);
    }

    @Test
    void expiredTokenIdsArePurgedAndLiveOnesKept() {
        JdbcClient jdbc = b.bean(JdbcClient.class);
        Instant now = Instant.now();
        String expired = "e".repeat(64);
        String expiredWithinSkew = "s".repeat(64);
        String live = "l".repeat(64);
        insert(jdbc, expired, now.minus(Duration.ofMinutes(2)));
        insert(jdbc, expiredWithinSkew, now.minusSeconds(10));
        insert(jdbc, live, now.plus(Duration.ofMinutes(6)));

        await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc, expired) == 0);
        assertThat(count(jdbc, expiredWithinSkew)).as("kept one clock skew (60 s) past its expiry").isEqualTo(1);
        assertThat(count(jdbc, live)).isEqualTo(1);
    }

    static void insert(JdbcClient jdbc, String key, Instant expiresAt) {
        jdbc.sql("INSERT INTO used_token (token_key, expires_at) VALUES (?, ?)").params(key, Timestamp.from(expiresAt)).update();
    }

    static long count(JdbcClient jdbc, String key) {
        return jdbc.sql("SELECT COUNT(*) FROM used_token WHERE token_key = ?").param(key).query(Long.class).single();
    }
}

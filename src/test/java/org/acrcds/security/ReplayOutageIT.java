package org.acrcds.security;

import static org.acrcds.SecuredInstance.ORDER_SELECT;
import static org.acrcds.SecuredInstance.token;
import static org.acrcds.SecuredInstance.vignette;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.acrcds.SecuredInstance;
import org.acrcds.audit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A real PostgreSQL server stopped under a running instance with the default replay settings: hook calls with fresh
 * tokens keep being answered, without waiting for the database, and once it is back token ids are shared again. The
 * other instance is played by a plain connection that claims ids in the table as an instance does.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplayOutageIT {

    /** What one call would wait without the bound: the connection pool's timeout (spring.datasource.hikari.connection-timeout). */
    static final Duration POOL_TIMEOUT = Duration.ofSeconds(1);
    /** Longer than the default local-only period (5 s), so that a trial check meets the stopped server too. */
    static final Duration OUTAGE = Duration.ofSeconds(8);

    static TestPostgres postgres;
    static SecuredInstance instance;
    static JdbcClient otherInstance;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.shared();
        String database = postgres.newDatabaseUrl();
        instance = SecuredInstance.start(database, postgres.user());
        otherInstance = JdbcClient.create(new DriverManagerDataSource(database, postgres.user(), ""));
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void hookCallsKeepBeingAnsweredQuicklyWhileTheDatabaseIsDownAndSharingResumesAfter(CapturedOutput output) throws Exception {
        hookCalls(Duration.ZERO, 30); // warm-up
        awaitClaimedInTheTable(token(ORDER_SELECT));
        List<Long> before = hookCalls(Duration.ZERO, 30);
        // Last before the outage: on a loaded machine one of the calls above may have waited past the bound and made
        // the instance check locally for a while; this waits until a check has gone through the table again.
        awaitSharing();
        Timer sharedCheck = instance.bean(MeterRegistry.class).get("cds.security.replay.shared-check").timer();
        String checksBefore = checks(sharedCheck);
        double outagesBefore = meter("cds.security.replay.outages");
        double unsharedBefore = meter("cds.security.replay.unshared");
        int logBefore = output.getOut().length();

        postgres.stop(); // the other tests of this JVM share the server: started again below
        List<Long> during;
        try {
            during = hookCalls(OUTAGE, 30);
        } finally {
            postgres.start();
        }
        awaitSharing();
        String outageLog = output.getOut().substring(logBefore);
        double outages = meter("cds.security.replay.outages") - outagesBefore;
        double unshared = meter("cds.security.replay.unshared") - unsharedBefore;
        awaitClaimedInTheTable(token(ORDER_SELECT));
        List<Long> after = hookCalls(Duration.ZERO, 30);

        System.out.printf("Hook call ms (median / max): before %s, PostgreSQL down %s (%d calls), after %s; shared check "
                + "waits before the outage %s, overall %s%n", summary(before), summary(during), during.size(), summary(after),
                checksBefore, checks(sharedCheck));
        assertThat(sharedCheck.max(TimeUnit.MILLISECONDS)).as("the longest wait for the table (bound 50 ms; the pool's "
                + "timeout is %s ms)", POOL_TIMEOUT.toMillis()).isLessThan(POOL_TIMEOUT.toMillis() / 2);
        assertThat(Collections.max(during)).as("no call of the outage waits as long as the pool's timeout").isLessThan(POOL_TIMEOUT.toMillis());
        // At least one: a check slower than the bound while sharing resumes (a loaded machine) counts as another.
        // ReplayCheckBreakerTest proves one outage is counted and logged once, on a clock of its own.
        assertThat(outages).isGreaterThanOrEqualTo(1);
        assertThat(unshared).as("accepted on the instance's memory alone").isGreaterThanOrEqualTo(during.size());
        assertThat(outageLog).contains("Shared replay check unavailable");
        assertThat(outageLog).contains("Shared replay check answers again");
    }

    /** Until a token whose id another instance claimed is refused here. */
    static void awaitSharing() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String usedElsewhere = token(ORDER_SELECT);
            claimAtTheOtherInstance(usedElsewhere);
            assertThat(instance.call("POST", ORDER_SELECT, vignette(), usedElsewhere).status()).isEqualTo(401);
        });
    }

    /** A token used here is claimed in the table, for the other instances (by a claim that may answer late). */
    static void awaitClaimedInTheTable(String token) throws Exception {
        assertThat(instance.call("POST", ORDER_SELECT, vignette(), token).status()).isEqualTo(200);
        String key = key(token);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                otherInstance.sql("SELECT COUNT(*) FROM used_token WHERE token_key = ?").param(key).query(Long.class).single() == 1);
    }

    /** Milliseconds of each call, each with a fresh token and answered 200: for at least {@code duration} and {@code calls} calls. */
    static List<Long> hookCalls(Duration duration, int calls) throws Exception {
        List<Long> millis = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        while (millis.size() < calls || System.nanoTime() < end) {
            String token = token(ORDER_SELECT);
            long started = System.nanoTime();
            int status = instance.call("POST", ORDER_SELECT, vignette(), token).status();
            millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
            assertThat(status).isEqualTo(200);
        }
        return millis;
    }

    static void claimAtTheOtherInstance(String token) throws Exception {
        otherInstance.sql("INSERT INTO used_token (token_key, expires_at) VALUES (?, ?)")
                .params(key(token), Timestamp.from(Instant.now().plusSeconds(360))).update();
    }

    static String key(String token) throws Exception {
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        return UsedTokenTable.key(claims.getIssuer(), claims.getJWTID());
    }

    static double meter(String name) {
        return instance.bean(MeterRegistry.class).get(name).counter().count();
    }

    static String checks(Timer timer) {
        return String.format("%d checks, mean %.2f ms, max %.1f ms", timer.count(), timer.mean(TimeUnit.MILLISECONDS),
                timer.max(TimeUnit.MILLISECONDS));
    }

    static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) + " / " + sorted.get(sorted.size() - 1);
    }
}

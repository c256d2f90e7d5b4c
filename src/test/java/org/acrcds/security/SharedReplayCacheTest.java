package org.acrcds.security;

import org.acrcds.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replay cache two instances share through one database (H2 here; PostgreSQL in TwoInstancesIT), and what it does
 * when that database fails or is slow.
 */
class SharedReplayCacheTest {

    static final String EHR = "https://ehr.example.org";
    /** Generous where a test is about sharing: a loaded machine must not turn a healthy check into an outage. */
    static final Duration PATIENT = Duration.ofSeconds(5);
    static final Duration DEFAULT_BOUND = Duration.ofMillis(50);
    static final Duration LOCAL_ONLY_FOR = Duration.ofSeconds(5);

    final TroubledDatabase database = new TroubledDatabase();
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final List<SharedReplayCache> caches = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        caches.forEach(SharedReplayCache::close);
    }

    SharedReplayCache instance(DataSource dataSource, Duration bound) {
        return instance(dataSource, bound, new SimpleMeterRegistry());
    }

    SharedReplayCache instance(DataSource dataSource, Duration bound, SimpleMeterRegistry registry) {
        CdsProperties properties = new CdsProperties(null, null, null, null, null,
                new CdsProperties.Security(true, List.of(), Duration.ofSeconds(60), "https://cds.example.org", null, null,
                        new CdsProperties.Replay(bound, LOCAL_ONLY_FOR, Duration.ofSeconds(60))),
                null, null, null, null, null, null, null);
        SharedReplayCache cache = new SharedReplayCache(new UsedTokenTable(dataSource), properties, clock, registry);
        caches.add(cache);
        return cache;
    }

    static String jti() {
        return UUID.randomUUID().toString();
    }

    boolean firstUse(SharedReplayCache cache, String jti) {
        return cache.firstUse(EHR, jti, Instant.now().plusSeconds(360));
    }

    double count(String meter) {
        return meters.get(meter).counter().count();
    }

    @Test
    void aReplayToTheSameInstanceIsRefusedWithoutAskingTheDatabase() {
        SharedReplayCache instance = instance(database, PATIENT);
        String jti = jti();

        assertThat(firstUse(instance, jti)).isTrue();
        int connections = database.connections();
        assertThat(firstUse(instance, jti)).isFalse();
        assertThat(database.connections()).isEqualTo(connections);
    }

    @Test
    void aTokenUsedAtOneInstanceIsRefusedAtTheOther() {
        SharedReplayCache a = instance(database, PATIENT);
        SharedReplayCache b = instance(database.healthy(), PATIENT);
        String usedAtA = jti();
        String usedAtB = jti();

        assertThat(firstUse(a, usedAtA)).isTrue();
        assertThat(firstUse(b, usedAtB)).isTrue();

        assertThat(firstUse(b, usedAtA)).isFalse();
        assertThat(firstUse(a, usedAtB)).isFalse();
    }

    @Test
    void theSameJtiFromAnotherIssuerIsAnotherToken() {
        SharedReplayCache a = instance(database, PATIENT);
        SharedReplayCache b = instance(database.healthy(), PATIENT);
        String jti = jti();

        assertThat(a.firstUse(EHR, jti, Instant.now().plusSeconds(360))).isTrue();
        assertThat(b.firstUse("https://other-ehr.example.org", jti, Instant.now().plusSeconds(360))).isTrue();
    }

    @Test
    void aFailingDatabaseNeitherRefusesNorHoldsTheCallAndIsLeftAloneForAWhile() {
        SharedReplayCache instance = instance(database, DEFAULT_BOUND, meters);
        database.failing(true);

        long started = System.nanoTime();
        assertThat(firstUse(instance, jti())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));

        int connections = database.connections();
        for (int call = 0; call < 20; call++) {
            assertThat(firstUse(instance, jti())).isTrue();
        }
        assertThat(database.connections()).as("no call asks the failing database again within the period").isEqualTo(connections);
        assertThat(count("cds.security.replay.outages")).isEqualTo(1);
        assertThat(count("cds.security.replay.unshared")).isEqualTo(21);
    }

    @Test
    void aReplayToTheSameInstanceIsStillRefusedWhileTheDatabaseFails() {
        SharedReplayCache instance = instance(database, DEFAULT_BOUND);
        database.failing(true);
        String jti = jti();

        assertThat(firstUse(instance, jti)).isTrue();
        assertThat(firstUse(instance, jti)).isFalse();
    }

    @Test
    void aSlowDatabaseHoldsACallNoLongerThanTheBoundAndItsLateClaimStillCounts() {
        SharedReplayCache slow = instance(database, DEFAULT_BOUND, meters);
        SharedReplayCache other = instance(database.healthy(), PATIENT);
        database.delay(Duration.ofMillis(1500));
        String jti = jti();

        long started = System.nanoTime();
        assertThat(firstUse(slow, jti)).isTrue();
        Duration held = Duration.ofNanos(System.nanoTime() - started);

        assertThat(held).as("held %s ms, bound %s ms", held.toMillis(), DEFAULT_BOUND.toMillis())
                .isGreaterThanOrEqualTo(DEFAULT_BOUND).isLessThan(Duration.ofMillis(500));
        int connections = database.connections();
        assertThat(firstUse(slow, jti())).isTrue();
        assertThat(database.connections()).as("the next call does not ask the slow database").isEqualTo(connections);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(firstUse(other, jti)).as("the late claim recorded the id for the other instances").isFalse());
        assertThat(count("cds.security.replay.outages")).isEqualTo(1);
    }

    @Test
    void aTokenUsedElsewhereThatTheSlowDatabaseReportsLateIsCounted() {
        SharedReplayCache slow = instance(database, DEFAULT_BOUND, meters);
        SharedReplayCache other = instance(database.healthy(), PATIENT);
        String jti = jti();
        assertThat(firstUse(other, jti)).isTrue();
        database.delay(Duration.ofMillis(300));

        assertThat(firstUse(slow, jti)).as("accepted: the database did not answer in time").isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> count("cds.security.replay.late-replays") == 1);
    }

    @Test
    void sharingResumesOnceThePeriodIsOverAndTheDatabaseAnswers() {
        SharedReplayCache a = instance(database, PATIENT, meters);
        SharedReplayCache b = instance(database.healthy(), PATIENT);
        database.failing(true);
        assertThat(firstUse(a, jti())).isTrue();
        database.failing(false);

        String withinThePeriod = jti();
        assertThat(firstUse(b, withinThePeriod)).isTrue();
        assertThat(firstUse(a, withinThePeriod)).as("the residual risk: local only until the period is over").isTrue();

        clock.advance(LOCAL_ONLY_FOR);
        String afterThePeriod = jti();
        assertThat(firstUse(b, afterThePeriod)).isTrue();
        assertThat(firstUse(a, afterThePeriod)).isFalse();
        String next = jti();
        assertThat(firstUse(a, next)).isTrue();
        assertThat(firstUse(b, next)).isFalse();
        assertThat(count("cds.security.replay.outages")).isEqualTo(1);
    }
}

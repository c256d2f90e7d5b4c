package org.acrcds.security;

import java.time.Instant;
import org.acrcds.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ReplayCheckBreakerTest {

    static final Duration LOCAL_ONLY_FOR = Duration.ofSeconds(5);

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ReplayCheckBreaker breaker = new ReplayCheckBreaker(clock, LOCAL_ONLY_FOR, meters);

    double outages() {
        return meters.get("cds.security.replay.outages").counter().count();
    }

    long checksAllowed(int attempts) {
        return IntStream.range(0, attempts).filter(attempt -> breaker.allowsSharedCheck()).count();
    }

    @Test
    void whileTheTableAnswersEveryCheckAsksIt() {
        assertThat(checksAllowed(10)).isEqualTo(10);
        breaker.succeeded();
        assertThat(checksAllowed(10)).isEqualTo(10);
        assertThat(outages()).isZero();
    }

    @Test
    void afterAFailureNoCheckAsksTheTableUntilThePeriodIsOver() {
        breaker.failed("SQLException");

        assertThat(checksAllowed(10)).isZero();
        clock.advance(LOCAL_ONLY_FOR.minusMillis(1));
        assertThat(checksAllowed(10)).isZero();
    }

    @Test
    void afterThePeriodOneCheckTriesTheTableAgainAndTheOthersStayLocal() {
        breaker.failed("SQLException");
        clock.advance(LOCAL_ONLY_FOR);

        assertThat(checksAllowed(10)).isEqualTo(1);
        clock.advance(LOCAL_ONLY_FOR.minusMillis(1));
        assertThat(checksAllowed(10)).as("the trial check has not answered yet").isZero();
    }

    @Test
    void aFailedTrialKeepsChecksLocalForAnotherPeriodWithinTheSameOutage(CapturedOutput output) {
        breaker.failed("SQLException");
        clock.advance(LOCAL_ONLY_FOR);
        assertThat(breaker.allowsSharedCheck()).isTrue();

        breaker.failed("SQLException");

        assertThat(checksAllowed(10)).isZero();
        clock.advance(LOCAL_ONLY_FOR);
        assertThat(checksAllowed(10)).isEqualTo(1);
        assertThat(outages()).isEqualTo(1);
        assertThat(output.getOut().split("Shared replay check unavailable", -1)).as("one WARN per outage").hasSize(2);
    }

    @Test
    void aSuccessfulTrialEndsTheOutageAndTheNextFailureIsANewOne(CapturedOutput output) {
        breaker.failed("SQLException");
        breaker.failed("no answer within 50 ms");
        clock.advance(LOCAL_ONLY_FOR);
        assertThat(breaker.allowsSharedCheck()).isTrue();

        breaker.succeeded();

        assertThat(checksAllowed(10)).isEqualTo(10);
        assertThat(output.getOut()).contains("Shared replay check answers again");
        breaker.failed("SQLException");
        assertThat(outages()).isEqualTo(2);
        assertThat(checksAllowed(10)).isZero();
    }
}

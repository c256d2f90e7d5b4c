package org.acrcds.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.acrcds.config.CdsProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvaluationTurnsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EvaluationTurns turns = new EvaluationTurns(
            new CdsProperties(null, null, null, null, null, null, null, null, new CdsProperties.Concurrency(1, Duration.ofMillis(100), null), null, null, null, null), meters);
    private final ExecutorService callers = Executors.newFixedThreadPool(2);
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    @AfterEach
    void finishTheRunningEvaluation() {
        finish.countDown();
        callers.shutdown();
    }

    @Test
    void anEvaluationBeyondTheLimitWaitsItsTurnThenIsRefused() throws Exception {
        CompletableFuture<String> first = startLongEvaluation();

        long started = System.nanoTime();
        assertThatThrownBy(() -> turns.take(() -> "second")).isInstanceOf(ServiceBusyException.class)
                .hasMessageContaining("retry");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited for the queue timeout")
                .isGreaterThanOrEqualTo(Duration.ofMillis(90));
        finish.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(waits("refused").count()).isEqualTo(1);
        assertThat(waits("refused").totalTime(TimeUnit.MILLISECONDS)).as("the wait is timed").isGreaterThanOrEqualTo(90);
        assertThat(waits("taken").count()).as("the first call's turn").isEqualTo(1);
    }

    @Test
    void eachTurnTakenIsTimedWithItsWait() {
        turns.take(() -> "one");
        turns.take(() -> "two");

        assertThat(waits("taken").count()).isEqualTo(2);
        assertThat(waits("refused").count()).isZero();
    }

    private Timer waits(String outcome) {
        return meters.get("cds.evaluation.turn.wait").tag("outcome", outcome).timer();
    }

    @Test
    void aWaitingEvaluationRunsWhenTheTurnIsFreed() throws Exception {
        CompletableFuture<String> first = startLongEvaluation();
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> turns.take(() -> "second"), callers);

        finish.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void aFailedEvaluationFreesItsTurn() {
        assertThatThrownBy(() -> turns.take(() -> {
            throw new IllegalStateException("evaluation failed");
        })).hasMessage("evaluation failed");

        assertThat(turns.take(() -> "next")).isEqualTo("next");
    }

    @Test
    void theDefaultIsOneTurnPerProcessor() {
        assertThat(new CdsProperties.Concurrency(0, Duration.ofSeconds(2), null).effectiveMaxEvaluations())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private CompletableFuture<String> startLongEvaluation() throws InterruptedException {
        CompletableFuture<String> evaluation = CompletableFuture.supplyAsync(() -> turns.take(() -> {
            running.countDown();
            try {
                finish.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }), callers);
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        return evaluation;
    }
}

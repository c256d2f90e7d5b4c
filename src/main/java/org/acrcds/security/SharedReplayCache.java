package org.acrcds.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.acrcds.config.CdsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Each token id ({@code iss} + {@code jti}) is accepted once by all instances on the same database together. This
 * instance's memory ({@link ReplayCache}) answers first, so a replay to the same instance costs no round trip; a new
 * id is then claimed in the shared table ({@link UsedTokenTable}).
 *
 * <p>The database never fails a call nor holds it for long: a call waits at most {@code shared-check-timeout} for the
 * table (the claim runs on a small pool of its own, and a claim that answers late still records the id for the other
 * instances). A failure or a late answer accepts the token on this instance's memory alone and, through
 * {@link ReplayCheckBreaker}, keeps the next calls off the table for {@code local-only-for}. The residual risk: while
 * the table is unavailable, a token accepted here could be used once more at another instance within its lifetime.
 */
@Component
class SharedReplayCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedReplayCache.class);
    /** Claims in flight at once; with the audit writer and admin reads they fit in the connection pool (5). */
    private static final int CHECK_THREADS = 3;
    private static final int WAITING_CHECKS = 256;

    private final ReplayCache memory;
    private final UsedTokenTable table;
    private final ReplayCheckBreaker breaker;
    private final long timeoutNanos;
    private final ThreadPoolExecutor checks;
    private final Counter unshared;
    private final Counter lateReplays;
    private final Timer waits;

    SharedReplayCache(UsedTokenTable table, CdsProperties properties, Clock clock, MeterRegistry meters) {
        CdsProperties.Replay settings = properties.security().replay();
        this.memory = new ReplayCache(clock);
        this.table = table;
        this.breaker = new ReplayCheckBreaker(clock, settings.localOnlyFor(), meters);
        this.timeoutNanos = settings.sharedCheckTimeout().toNanos();
        CustomizableThreadFactory threads = new CustomizableThreadFactory("replay-check-");
        threads.setDaemon(true);
        this.checks = new ThreadPoolExecutor(CHECK_THREADS, CHECK_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING_CHECKS), threads);
        checks.allowCoreThreadTimeOut(true);
        this.unshared = Counter.builder("cds.security.replay.unshared")
                .description("tokens accepted on this instance's memory alone: the shared table was unavailable or late")
                .register(meters);
        this.lateReplays = Counter.builder("cds.security.replay.late-replays")
                .description("tokens accepted unshared that the shared table, answering late, had from another instance")
                .register(meters);
        this.waits = Timer.builder("cds.security.replay.shared-check")
                .description("time a call waited for the shared table's answer (at most shared-check-timeout)")
                .register(meters);
    }

    /** @return true the first time any instance sees a token id (or this one, while the table is unavailable), false for a replay */
    boolean firstUse(String issuer, String tokenId, Instant keepUntil) {
        if (!memory.firstUse(issuer, tokenId, keepUntil)) {
            return false;
        }
        if (!breaker.allowsSharedCheck()) {
            unshared.increment();
            return true;
        }
        long started = System.nanoTime();
        try {
            return claimShared(issuer, UsedTokenTable.key(issuer, tokenId), keepUntil);
        } finally {
            waits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private boolean claimShared(String issuer, String key, Instant keepUntil) {
        CompletableFuture<Boolean> claim;
        try {
            claim = CompletableFuture.supplyAsync(() -> table.claim(key, keepUntil), checks);
        } catch (RejectedExecutionException e) {
            return acceptedUnshared("every replay check thread is busy");
        }
        try {
            boolean first = claim.get(timeoutNanos, TimeUnit.NANOSECONDS);
            breaker.succeeded();
            return first;
        } catch (TimeoutException e) {
            claim.thenAccept(first -> {
                if (!first) {
                    lateReplays.increment();
                    log.warn("A token of issuer {} accepted while the shared replay check was late had already been used at "
                            + "another instance", issuer);
                }
            });
            return acceptedUnshared("no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        } catch (ExecutionException e) {
            return acceptedUnshared(e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unshared.increment();
            return true;
        }
    }

    private boolean acceptedUnshared(String reason) {
        breaker.failed(reason);
        unshared.increment();
        return true;
    }

    @Override
    public void close() {
        checks.shutdown();
    }
}

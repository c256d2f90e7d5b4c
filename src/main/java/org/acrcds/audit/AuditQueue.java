package org.acrcds.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.acrcds.config.CdsProperties;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Carries decisions and feedback to the database off the request path. Offering never blocks: a full queue refuses.
 * One writer thread writes batches; while the database fails it keeps its batch and tries again, waiting up to
 * {@code cds.audit.retry-backoff}. A batch the database rejects as invalid is written record by record, and only
 * the record it rejects is given up. A graceful shutdown stops after the web server and writes what waits, for up to
 * {@code cds.audit.shutdown-timeout}. Each record's fate is counted in {@code cds.audit.records} by outcome.
 */
@Component
public class AuditQueue implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditQueue.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration POLL = Duration.ofMillis(100);

    private final AuditStore store;
    private final BlockingQueue<AuditRecord> waiting;
    private final int capacity;
    private final int batchSize;
    private final Duration maxBackoff;
    private final Duration shutdownTimeout;
    private final Object offering = new Object();
    /** Offered and not yet written or given up (a batch being written included). */
    private final AtomicLong pending = new AtomicLong();
    private final Counter written;
    private final Counter dropped;
    private final Counter rejected;
    private final Counter lost;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private Thread writer;

    AuditQueue(AuditStore store, CdsProperties properties, MeterRegistry meters) {
        CdsProperties.Audit audit = properties.audit();
        this.store = store;
        this.capacity = audit.queueCapacity();
        this.waiting = new ArrayBlockingQueue<>(capacity);
        this.batchSize = audit.batchSize();
        this.maxBackoff = audit.retryBackoff();
        this.shutdownTimeout = audit.shutdownTimeout();
        this.written = outcome(meters, "written", "written to the database");
        this.dropped = outcome(meters, "dropped", "not queued: the queue was full");
        this.rejected = outcome(meters, "rejected", "rejected by the database as invalid");
        this.lost = outcome(meters, "lost", "still waiting when a shutdown ran out of time");
        Gauge.builder("cds.audit.queue.waiting", pending, AtomicLong::get).description("records waiting to be written")
                .register(meters);
    }

    private static Counter outcome(MeterRegistry meters, String outcome, String description) {
        return Counter.builder("cds.audit.records").tag("outcome", outcome).description("audit records " + description)
                .register(meters);
    }

    /** @return false, and the decision is counted as dropped, when the queue is full or shutting down */
    public boolean offer(Decision decision) {
        return offerAll(List.of(decision));
    }

    /** Queues all of the records or none of them. @return false when they do not all fit or the queue is shutting down */
    public boolean offerAll(List<? extends AuditRecord> records) {
        // At most queueCapacity records are held, the batch being written included. The writer only lowers the count,
        // so room seen here stays room until the adds below.
        synchronized (offering) {
            if (closing || pending.get() + records.size() > capacity) {
                long before = (long) dropped.count();
                dropped.increment(records.size());
                if (before == 0 || before / 1000 != (before + records.size()) / 1000) { // the first, then every thousandth
                    log.warn("Audit queue full or closing: {} record(s) not queued ({} so far)", records.size(), before + records.size());
                }
                return false;
            }
            pending.addAndGet(records.size());
            waiting.addAll(records);
            return true;
        }
    }

    /** Waits until everything offered so far is written or given up. @return false if that took longer than {@code timeout} */
    public boolean awaitWritten(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void start() {
        writer = new Thread(this::writeUntilClosed, "audit-writer");
        writer.start();
    }

    @Override
    public void stop() {
        closeDeadlineNanos = System.nanoTime() + shutdownTimeout.toNanos();
        closing = true;
        try {
            writer.join(shutdownTimeout.plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null && writer.isAlive();
    }

    /** After the web server (phases DEFAULT_PHASE - 1024 and - 2048) has stopped taking calls. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void writeUntilClosed() {
        List<AuditRecord> batch = new ArrayList<>(batchSize);
        Duration backoff = FIRST_BACKOFF;
        try {
            while (!(closing && (batch.isEmpty() && waiting.isEmpty() || System.nanoTime() > closeDeadlineNanos))) {
                if (batch.isEmpty()) {
                    AuditRecord first = waiting.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    waiting.drainTo(batch, batchSize - 1);
                }
                if (writeAll(batch)) {
                    backoff = FIRST_BACKOFF;
                } else {
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.drainTo(batch);
        if (!batch.isEmpty()) {
            lost.increment(batch.size());
            pending.addAndGet(-batch.size());
            log.error("Shutdown: {} audit record(s) could not be written in {} and are lost", batch.size(), shutdownTimeout);
        }
    }

    /** @return true when the batch is done with (written, or given up record by record); false to try again later */
    private boolean writeAll(List<AuditRecord> batch) {
        try {
            store.write(batch);
            done(batch.size(), written);
            batch.clear();
            return true;
        } catch (RuntimeException e) {
            // A data integrity violation is a record the database will never take (a constraint, a too-long value).
            if (ExceptionUtils.indexOfType(e, DataIntegrityViolationException.class) >= 0) {
                return writeOneByOne(batch);
            }
            log.warn("Audit database unavailable ({}): {} record(s) kept to try again", e.getClass().getSimpleName(), pending.get());
            return false;
        }
    }

    private boolean writeOneByOne(List<AuditRecord> batch) {
        for (Iterator<AuditRecord> records = batch.iterator(); records.hasNext(); ) {
            AuditRecord record = records.next();
            try {
                store.write(List.of(record));
                done(1, written);
            } catch (RuntimeException e) {
                if (ExceptionUtils.indexOfType(e, DataIntegrityViolationException.class) < 0) {
                    return false;
                }
                if (ExceptionUtils.indexOfType(e, DuplicateKeyException.class) >= 0) {
                    // A decision's id is a random UUID: met twice, the record is already stored (a batch whose commit
                    // got through but was reported failed).
                    done(1, written);
                } else {
                    log.error("The database rejected a {} record as invalid; it is not kept: {}", record.getClass().getSimpleName(),
                            NestedExceptionUtils.getMostSpecificCause(e).getClass().getSimpleName());
                    done(1, rejected);
                }
            }
            records.remove();
        }
        return true;
    }

    private void done(int records, Counter outcome) {
        outcome.increment(records);
        pending.addAndGet(-records);
    }

    private void pause(Duration backoff) throws InterruptedException {
        long wait = backoff.toNanos();
        if (closing) {
            wait = Math.min(wait, Math.max(0, closeDeadlineNanos - System.nanoTime()));
        }
        TimeUnit.NANOSECONDS.sleep(wait);
    }
}

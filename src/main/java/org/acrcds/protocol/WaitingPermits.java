package org.acrcds.protocol;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of permits, handed out first come first served. A caller that cannot get its share within the
 * queue timeout is refused with {@link ServiceBusyException} (503 with Retry-After).
 */
public final class WaitingPermits {

    private final Semaphore permits;
    private final long queueTimeoutNanos;
    private final ServiceBusyException.Capacity capacity;
    private final String busyMessage;

    public WaitingPermits(int total, Duration queueTimeout, ServiceBusyException.Capacity capacity, String busyMessage) {
        this.permits = new Semaphore(total, true);
        this.queueTimeoutNanos = queueTimeout.toNanos();
        this.capacity = capacity;
        this.busyMessage = busyMessage;
    }

    public void acquire(int count) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(count, queueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ServiceBusyException(capacity, busyMessage);
        }
    }

    public void release(int count) {
        permits.release(count);
    }
}

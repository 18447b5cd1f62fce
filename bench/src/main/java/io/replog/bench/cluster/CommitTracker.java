package io.replog.bench.cluster;

import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Send and acknowledgement times of the commands of one round, numbered 0 to {@code count - 1}.
 * <p>
 * Thread-safety: {@link #sent} is called by the load thread before the command leaves it;
 * {@link #committed} or {@link #failed} by whichever thread learns the outcome (a node's thread
 * completing a future, a client's callback pool, or the load thread polling replies), after the
 * system handed the command over, so it sees the send stamp. The commit stamp is stored before the
 * count is incremented, so a reader that saw the count reach {@code count} sees every stamp. A load
 * thread may sleep until a number of acknowledgements ({@link #awaitAcknowledgements}); recording the last wakes it.
 */
final class CommitTracker {
    private final long[] sentNs;
    private final long[] committedNs;
    private final AtomicInteger committedCount = new AtomicInteger();
    private volatile Throwable failure;
    /** The load thread while it sleeps in {@link #awaitAcknowledgements}, else null. */
    private volatile Thread waiter;
    /** The acknowledgement count at which the sleeping load thread wants waking. */
    private volatile int wakeAt = Integer.MAX_VALUE;

    CommitTracker(int count) {
        this.sentNs = new long[count];
        this.committedNs = new long[count];
    }

    int count() {
        return sentNs.length;
    }

    void sent(int sequence, long nowNs) {
        sentNs[sequence] = nowNs;
    }

    /** Command {@code sequence} is committed and acknowledged; a second acknowledgement is a failure. */
    void committed(int sequence) {
        long nowNs = System.nanoTime();
        if (sequence < 0 || sequence >= committedNs.length || committedNs[sequence] != 0) {
            failed(sequence, new IllegalStateException("acknowledgement of command " + sequence +
                " is unexpected (out of range or a duplicate)"));
            return;
        }
        committedNs[sequence] = nowNs;
        if (committedCount.incrementAndGet() >= wakeAt) {
            wakeWaiter();
        }
    }

    void failed(int sequence, Throwable cause) {
        if (failure == null) {
            failure = new IllegalStateException("command " + sequence + " failed: " + cause, cause);
        }
        wakeWaiter();
    }

    /**
     * Sleeps until {@code wanted} acknowledgements more than the {@code seenCount} the load thread saw are
     * recorded, a failure is, or {@code maxNs} pass. For systems that acknowledge on threads of their own: waking
     * the load thread for every acknowledgement would cost a wake-up each (at 30 k/s, most of a core).
     */
    void awaitAcknowledgements(int seenCount, int wanted, long maxNs) {
        int target = seenCount + wanted;
        wakeAt = target;
        waiter = Thread.currentThread();
        // Checked after announcing the wait: what was recorded before aimed no unpark at this thread. A park may
        // also end for no reason: it goes on until the deadline.
        long deadlineNs = System.nanoTime() + maxNs;
        long leftNs = maxNs;
        while (committedCount.get() < target && failure == null && leftNs > 0) {
            LockSupport.parkNanos(this, leftNs);
            leftNs = deadlineNs - System.nanoTime();
        }
        waiter = null;
        wakeAt = Integer.MAX_VALUE;
    }

    private void wakeWaiter() {
        Thread sleeping = waiter;
        if (sleeping != null) {
            LockSupport.unpark(sleeping);
        }
    }

    int committedCount() {
        return committedCount.get();
    }

    /** Throws the first failure reported, if any. */
    void throwIfFailed() {
        Throwable first = failure;
        if (first != null) {
            throw first instanceof RuntimeException runtime ? runtime : new IllegalStateException(first);
        }
    }

    /** Send-to-acknowledgement latency of every command, in nanoseconds; call once all are committed. */
    Histogram latenciesNs() {
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < sentNs.length; i++) {
            histogram.recordValue(Math.max(0, committedNs[i] - sentNs[i]));
        }
        return histogram;
    }
}

package io.replog.replication.node;

import io.replog.replication.raft.LogEntry;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Tails the committed entries of one node from any thread: {@link ReplogNode#reader(long)} starts it
 * at an index, and it returns every committed (and applied) entry from there in order, first those
 * already in the log (after a restart too), then new ones as they commit. Entries with an empty
 * payload are the no-ops new leaders append.
 * <p>
 * The log may only be read on the node's thread (the WAL is single-threaded), so the node copies
 * entries into this reader's bounded queue as the reader makes room: a slow reader holds at most
 * {@code capacity} entries in memory and never slows the node. When the entries it wants are no longer
 * in the log (compacted into a snapshot, or replaced by a snapshot from the leader), {@link #poll}
 * throws {@link EntriesCompactedException} naming the snapshot to load instead.
 * <p>
 * One thread polls a reader. Close it when done; a reader of a stopped node fails with
 * {@link IllegalStateException} once it has returned what was queued.
 */
public final class CommittedReader implements AutoCloseable {
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int nodeId;
    private final OneToOneConcurrentArrayQueue<LogEntry> entries;
    /** Reader thread: the index {@link #poll} returns next. */
    private long nextIndex;
    /** Node thread: the next index to copy into the queue. */
    long fillIndex;
    private volatile RuntimeException failure;
    private volatile boolean closed;
    private volatile Thread waiter;

    CommittedReader(int nodeId, long fromIndex, int capacity) {
        if (fromIndex < 1 || capacity < 1) {
            throw new IllegalArgumentException("a reader of node " + nodeId + " starts at an index >= 1 with a capacity >= 1, not " +
                fromIndex + " and " + capacity);
        }
        this.nodeId = nodeId;
        this.entries = new OneToOneConcurrentArrayQueue<>(capacity);
        this.nextIndex = fromIndex;
        this.fillIndex = fromIndex;
    }

    /** The index of the entry {@link #poll} returns next. */
    public long nextIndex() {
        return nextIndex;
    }

    /**
     * The next committed entry, or null when it has not committed yet.
     *
     * @throws EntriesCompactedException when it is no longer in the log: load the snapshot it names.
     * @throws IllegalStateException     when the node stopped or the reader was closed.
     */
    public LogEntry poll() {
        LogEntry entry = entries.poll();
        if (entry != null) {
            nextIndex = entry.index() + 1;
            return entry;
        }
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed instanceof EntriesCompactedException compacted ? compacted.copy() : new IllegalStateException(failed.getMessage(), failed);
        }
        if (closed) {
            throw new IllegalStateException("this reader of node " + nodeId + " is closed");
        }
        return null;
    }

    /** As {@link #poll()}, waiting up to {@code timeout} for the entry to commit; null if it did not. */
    public LogEntry poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            LogEntry entry = poll();
            if (entry != null) {
                return entry;
            }
            long remainingNs = deadlineNs - System.nanoTime();
            if (remainingNs <= 0) {
                return null;
            }
            waiter = Thread.currentThread();
            if (entries.isEmpty() && failure == null) {
                // The node unparks us after it queues entries; the cap covers a wake-up lost in between.
                LockSupport.parkNanos(this, Math.min(remainingNs, MAX_PARK_NS));
            }
            waiter = null;
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for entry " + nextIndex + " of node " + nodeId);
            }
        }
    }

    /** Stops the node from filling this reader. */
    @Override
    public void close() {
        closed = true;
    }

    // ------------------------------------------------------------- node thread

    boolean closed() {
        return closed;
    }

    boolean failed() {
        return failure != null;
    }

    boolean hasRoom() {
        return entries.remainingCapacity() > 0;
    }

    void offer(LogEntry entry) {
        entries.offer(entry);
        fillIndex = entry.index() + 1;
    }

    void wake() {
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    void fail(RuntimeException cause) {
        if (failure == null) {
            failure = cause;
        }
        wake();
    }
}

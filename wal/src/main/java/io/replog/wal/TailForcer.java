package io.replog.wal;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Makes what the log's tail has written durable and publishes the durable index, for {@link WriteAheadLog}: in line
 * under the log's structure lock ({@link #forceTail()}: {@code sync()}, an inline roll, close), or on the
 * group-commit syncer's thread with the lock released while the force runs ({@link #syncIfBehind(long)}), so that
 * a roll does not wait for a slow force.
 * <p>
 * Invariants: the durable index never passes what a finished force covered, and only grows, but for truncation and
 * reset ({@link #lowerDurableIndex}, {@link #resetDurableIndex}); every force first seals (and publishes) what the
 * {@link SegmentSealer} has queued, so nothing in a newer segment is reported durable before its predecessors and
 * the directory are; {@code forcesOutsideLock} (guarded by the lock) is 1 while the syncer forces without the lock,
 * and whatever deletes, truncates or unmaps segments calls {@link #quiesce()} first.
 */
final class TailForcer {
    private final ReentrantLock lock;
    /** Signalled when the syncer's force outside the lock ends. */
    private final Condition forceEnded;
    private final SegmentSealer sealer;
    private final WriteBehind writeBehind;
    /** The log's tail segment; read under the lock. */
    private final Supplier<Segment> tail;
    /** Whether the log is closed or failed. */
    private final BooleanSupplier stopped;
    private final SegmentSealer.Failure failure;
    private final LongConsumer listener;
    /** Every entry at or below this index is on disk. Never above the log's last written index. */
    private volatile long durableIndex;
    private int forcesOutsideLock;

    TailForcer(ReentrantLock lock, SegmentSealer sealer, WriteBehind writeBehind, Supplier<Segment> tail,
               BooleanSupplier stopped, SegmentSealer.Failure failure, LongConsumer listener, long durableIndex) {
        this.lock = lock;
        this.forceEnded = lock.newCondition();
        this.sealer = sealer;
        this.writeBehind = writeBehind;
        this.tail = tail;
        this.stopped = stopped;
        this.failure = failure;
        this.listener = listener;
        this.durableIndex = durableIndex;
    }

    /** Safe to read from any thread. */
    long durableIndex() {
        return durableIndex;
    }

    /** The log was truncated after {@code index} (caller holds the lock): nothing past it is durable. */
    void lowerDurableIndex(long index) {
        durableIndex = Math.min(durableIndex, index);
    }

    /** The log was reset to end at {@code index}, durably (caller holds the lock). */
    void resetDurableIndex(long index) {
        durableIndex = index;
    }

    /**
     * Writes out and forces the tail's unsynced bytes and publishes the durable index. Caller holds the
     * structure lock (so the tail cannot change); the appender may go on appending meanwhile.
     */
    void forceTail() throws IOException {
        sealer.sealPending();
        writeBehind.drain();
        // Index first, then position: the position read covers at least the frames up to the index.
        long index = writeBehind.writtenIndex();
        Segment segment = tail.get();
        int end = segment.writtenPosition;
        if (end > segment.syncedPosition) {
            try {
                segment.file.force(segment.syncedPosition, end - segment.syncedPosition);
            } catch (IOException | RuntimeException e) {
                throw failure.fail("forcing segment " + segment.name, e);
            }
            segment.syncedPosition = end;
        }
        publishDurable(index);
    }

    /** Every entry up to {@code index} is on disk: publishes it (caller holds the structure lock). */
    private void publishDurable(long index) throws IOException {
        if (index > durableIndex) {
            durableIndex = index;
            try {
                listener.accept(index);
            } catch (RuntimeException e) {
                // Under BATCH this runs on the syncer thread: an escaping exception would end group commit
                // silently, with appends carrying on and never becoming durable.
                throw failure.fail("the durability listener (called with index " + index + ")", e);
            }
        }
    }

    /**
     * Called by the syncer thread: forces what the tail has written. The force itself runs with the structure lock
     * released, so that a roll (which takes the lock) does not wait for it: what it forces is fixed under the lock
     * first (queued seals done, the active block written out, the range and the index it covers read), and
     * truncation, compaction and reset wait for it to end ({@link #quiesce()}), and close stops the syncer first.
     *
     * @return whether it forced anything.
     */
    boolean syncIfBehind(long publishedIndex) {
        if (publishedIndex <= durableIndex) {
            return false;
        }
        Segment forcing;
        int from;
        int end;
        long index;
        lock.lock();
        try {
            if (stopped.getAsBoolean()) {
                return true;
            }
            sealer.sealPending();
            writeBehind.drain();
            // Index first, then position: the position read covers at least the frames up to the index.
            index = writeBehind.writtenIndex();
            forcing = tail.get();
            from = forcing.syncedPosition;
            end = forcing.writtenPosition;
            forcesOutsideLock++;
        } catch (IOException e) {
            return true; // the failure is recorded; the appending thread sees it on its next call
        } catch (RuntimeException e) {
            failure.fail("the group-commit syncer", e);
            return true;
        } finally {
            lock.unlock();
        }
        Exception forceFailure = null;
        try {
            if (end > from) {
                forcing.file.force(from, end - from);
            }
        } catch (IOException | RuntimeException e) {
            forceFailure = e;
        }
        lock.lock();
        try {
            forcesOutsideLock--;
            forceEnded.signalAll();
            if (forceFailure != null) {
                failure.fail("forcing segment " + forcing.name, forceFailure);
            } else if (!stopped.getAsBoolean()) {
                forcing.syncedPosition = Math.max(forcing.syncedPosition, end);
                publishDurable(index);
            }
        } catch (IOException e) {
            // Recorded by publishDurable; the appending thread sees it on its next call.
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Returns, holding the lock, once the queued seals are done and neither the sealer nor the syncer forces anything
     * outside the lock: what truncates, deletes or unmaps segments calls this first and keeps the lock until it is
     * done. (Waiting for one, then the other, is not enough: each wait releases the lock, and the other may start.)
     */
    void quiesce() throws IOException {
        while (true) {
            sealer.sealPending();
            if (forcesOutsideLock == 0) {
                return;
            }
            forceEnded.awaitUninterruptibly();
        }
    }
}

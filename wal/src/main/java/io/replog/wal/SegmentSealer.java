package io.replog.wal;

import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Seals segments without stalling the appender: a sealed segment joins a queue, the sealing thread
 * forces the queue outside the log's lock, and the directory is synced only once no sealed segment is
 * left unforced. Every force of the tail calls {@link #sealPending()} first, so nothing in a newer
 * segment is reported durable before the segments sealed ahead of it and the directory are. So no segment's name becomes durable before its
 * predecessors' bytes, which lets recovery treat every sealed segment as whole.
 * <p>
 * Invariants (all under the log's structure lock): a queued segment is sealed and no longer changes;
 * while {@code sealing} is set its segments are being forced and must not be unmapped, so every path
 * that unmaps segments or syncs the directory calls {@link #sealPending()} first.
 */
final class SegmentSealer {
    /** How the log turns a failed force into fail-stop. */
    interface Failure {
        LogFailedException fail(String what, Throwable cause);
    }

    private final ReentrantLock lock;
    private final Condition done;
    private final Storage storage;
    private final Failure failure;
    private final BooleanSupplier stopped;
    private final ArrayDeque<Segment> unsealed = new ArrayDeque<>();
    private boolean sealing;

    SegmentSealer(ReentrantLock lock, Storage storage, Failure failure, BooleanSupplier stopped) {
        this.lock = lock;
        this.done = lock.newCondition();
        this.storage = storage;
        this.failure = failure;
        this.stopped = stopped;
    }

    /** Queues a segment just sealed (its successor's name is not durable yet). Caller holds the lock. */
    void add(Segment sealed) {
        unsealed.addLast(sealed);
    }

    /**
     * Forces every queued segment, waiting for a force in flight, then syncs the directory. Caller
     * holds the lock.
     */
    void sealPending() throws IOException {
        while (sealing) {
            done.awaitUninterruptibly();
        }
        if (unsealed.isEmpty()) {
            return;
        }
        Segment segment = null;
        try {
            while ((segment = unsealed.peekFirst()) != null) {
                if (segment.writePosition > segment.syncedPosition) {
                    segment.file.force(segment.syncedPosition, segment.writePosition - segment.syncedPosition);
                    segment.syncedPosition = segment.writePosition;
                }
                unsealed.pollFirst();
            }
            storage.syncDirectory();
        } catch (IOException | RuntimeException e) {
            throw failure.fail("sealing segment " + (segment == null ? "(directory sync)" : segment.name), e);
        }
    }

    /**
     * The sealing thread's round: force the queued segments without holding the lock (appends and rolls
     * go on), then, if no newer segment was sealed meanwhile, sync the directory.
     */
    void sealInBackground() {
        List<Segment> batch;
        lock.lock();
        try {
            if (stopped.getAsBoolean() || sealing || unsealed.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(unsealed);
            sealing = true;
        } finally {
            lock.unlock();
        }
        Throwable error = null;
        try {
            for (Segment segment : batch) {
                segment.file.force(segment.syncedPosition, segment.writePosition - segment.syncedPosition);
            }
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        lock.lock();
        try {
            sealing = false;
            done.signalAll();
            if (error != null) {
                failure.fail("sealing segment " + batch.get(0).name, error);
                return;
            }
            for (Segment segment : batch) {
                segment.syncedPosition = segment.writePosition;
                unsealed.remove(segment);
            }
            if (unsealed.isEmpty()) {
                storage.syncDirectory();
            }
        } catch (IOException | RuntimeException e) {
            failure.fail("syncing the directory after sealing segment " + batch.get(batch.size() - 1).name, e);
        } finally {
            lock.unlock();
        }
    }
}

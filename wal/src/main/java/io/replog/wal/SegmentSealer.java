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
 * New segments are published here too: a roll writes the new segment's header and appends to it under
 * its temporary name at once, and the header is forced and the file renamed into place off the
 * appending thread (forcing it in the roll stalled the appender 10-35 ms per roll while sealed segments
 * were being forced). Nothing in an unpublished segment can be reported durable, since every force of
 * the tail calls {@link #sealPending()}, which publishes first; and {@code WriteAheadLog.flush()} calls
 * {@link #publishPending()}, so that what it hands to the operating system is under a name recovery
 * keeps (recovery deletes temporary files).
 * <p>
 * Invariants (all under the log's structure lock): a queued segment is sealed and no longer changes;
 * while {@code sealing} or {@code publishing} is set their segments are being forced and must not be
 * unmapped or renamed, so every path that unmaps, deletes or renames segments or syncs the directory
 * calls {@link #sealPending()} first; {@code directoryDirty} is set when a rename has not been followed
 * by a directory sync.
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
    /** Prepared segments (header written, temporary name), oldest first. */
    private final ArrayDeque<Segment> unpublished = new ArrayDeque<>();
    private boolean sealing;
    private boolean publishing;
    private boolean directoryDirty;
    /** Whether anything is unpublished, read without the lock by {@code flush()}. */
    private volatile boolean anyUnpublished;

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

    /** Queues a prepared segment (see the class comment). Caller holds the lock. */
    void addUnpublished(Segment prepared) {
        unpublished.addLast(prepared);
        anyUnpublished = true;
    }

    /** Whether some new segment still has its temporary name. Safe without the lock. */
    boolean hasUnpublished() {
        return anyUnpublished;
    }

    /**
     * Publishes every queued new segment, waiting for a publication in flight. Caller holds the lock.
     *
     * @throws LogFailedException when a header force or a rename failed.
     */
    void publishPending() throws IOException {
        while (publishing) {
            done.awaitUninterruptibly();
        }
        Segment segment = null;
        try {
            while ((segment = unpublished.peekFirst()) != null) {
                SegmentFiles.publish(storage, segment);
                unpublished.pollFirst();
                directoryDirty = true;
            }
            anyUnpublished = false;
        } catch (IOException | RuntimeException e) {
            throw failure.fail("publishing segment " + segment.name, e);
        }
    }

    /**
     * Publishes the new segments, forces every queued sealed one, waiting for work in flight, then syncs
     * the directory. Caller holds the lock.
     */
    void sealPending() throws IOException {
        while (sealing || publishing) {
            done.awaitUninterruptibly();
        }
        publishPending();
        if (unsealed.isEmpty() && !directoryDirty) {
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
            directoryDirty = false;
        } catch (IOException | RuntimeException e) {
            throw failure.fail("sealing segment " + (segment == null ? "(directory sync)" : segment.name), e);
        }
    }

    /**
     * The background round of publication: force the queued new segments' headers without holding the
     * lock (appends go on into them), then rename them under it. The next directory sync makes the names
     * durable.
     */
    void publishInBackground() {
        List<Segment> batch;
        lock.lock();
        try {
            if (stopped.getAsBoolean() || publishing || unpublished.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(unpublished);
            publishing = true;
        } finally {
            lock.unlock();
        }
        Throwable error = null;
        Segment segment = null;
        try {
            for (Segment each : batch) {
                segment = each;
                SegmentFiles.publish(storage, each);
            }
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        lock.lock();
        try {
            publishing = false;
            done.signalAll();
            for (Segment published : batch) {
                if (published == segment && error != null) {
                    break;
                }
                unpublished.remove(published);
                directoryDirty = true;
            }
            anyUnpublished = !unpublished.isEmpty();
            if (error != null) {
                failure.fail("publishing segment " + segment.name, error);
            }
        } finally {
            lock.unlock();
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
                // A name renamed meanwhile is covered, or sets directoryDirty again afterwards.
                storage.syncDirectory();
                directoryDirty = false;
            }
        } catch (IOException | RuntimeException e) {
            failure.fail("syncing the directory after sealing segment " + batch.get(batch.size() - 1).name, e);
        } finally {
            lock.unlock();
        }
    }
}

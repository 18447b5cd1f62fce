package io.replog.wal;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Preallocation;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link #SPARE_COUNT} segment files ready on a background thread, so that a roll takes one
 * instead of writing a whole segment of zeros (spares are written, not forced: see
 * {@link Storage#createMapped(String, int, boolean)}); and runs the forces of sealed segments on a
 * thread of their own (see {@code WriteAheadLog.roll}).
 * <p>
 * Two spares, because writing one takes about as long as filling one at full speed: with a single
 * spare, rolls kept waiting for the next one. Spares are not pretouched (their pages mapped ahead by
 * this thread): on the 2-core VM this was measured on, mapping a page costs about as much as the
 * appender's writes to it, and this thread, which also writes the spares' zeros while the other core
 * seals, never got ahead of the appender: most new pages still cost the appender their fault, and
 * throughput did not change.
 * <p>
 * The appender helps when this thread falls behind (on a 2-core machine shared with other work it got too
 * little CPU to write 64 MiB of zeros while the appender filled 64 MiB, and rolls waited 13-197 ms for
 * it): a spare's zeros are written in chunks ({@link Preallocation}) that any thread may claim. After
 * writing out each block of the tail the appender writes one chunk of the spare being made if no spare is
 * ready and that one is claimed less far than the tail is full ({@link #keepUp}); and a roll that finds
 * no spare ready writes the rest itself ({@link #take}). So rolls no longer wait for this thread to be
 * scheduled; when it keeps up, the appender writes nothing.
 * <p>
 * Spares are preallocated {@code spare-N.wal.tmp} files: recovery deletes such files, so a crash with
 * spares on disk leaves nothing behind. When a spare could not be made (a full disk) the thread stops
 * trying until the next {@link #take()}, which returns null: the roll creates its segment in line
 * and reports the error to the appender.
 * <p>
 * Invariant (guarded by {@code this}): a spare in {@code ready} belongs to this class until
 * {@link #take()} hands it out, and is never used by it afterwards.
 */
final class SegmentPreallocator implements AutoCloseable {
    static final int SPARE_COUNT = 2;
    /** The longest pause after one chunk of a paced spare (see {@link #pauseNs}). */
    static final long MAX_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Pauses shorter than this are not taken: waking costs about as much. */
    static final long MIN_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Storage storage;
    private final int lengthBytes;
    /** {@link WalConfig#reserveSpace}: spares of zeros, else sparse spares. */
    private final boolean reserveSpace;
    private final Thread thread;
    /** Seals run on their own thread, so that a whole-segment force never delays the next spare. */
    private final ExecutorService sealer;
    private final ArrayDeque<MappedFile> ready = new ArrayDeque<>();
    private boolean creating;
    /** The spare being made while {@code creating}, once its file exists: a waiting {@link #take()} helps write it. */
    private Preallocation inProgress;
    /** The last spare could not be made: no new attempt until the next take. */
    private boolean failed;
    private boolean closed;
    private long sequence;
    /** When {@link #take()} last handed out a spare, and the time between the last two (0 until known). */
    private long lastTakeNs;
    private long rollIntervalNs;

    SegmentPreallocator(Storage storage, int lengthBytes, boolean reserveSpace) {
        this.storage = storage;
        this.lengthBytes = lengthBytes;
        this.reserveSpace = reserveSpace;
        this.thread = new Thread(this::run, "replog-wal-preallocate " + storage.describe());
        this.thread.setDaemon(true);
        this.sealer = Executors.newSingleThreadExecutor(runnable -> {
            Thread sealing = new Thread(runnable, "replog-wal-seal " + storage.describe());
            sealing.setDaemon(true);
            return sealing;
        });
    }

    void start() {
        thread.start();
    }

    /** Runs {@code task} on the sealing thread, after the seals submitted before it. */
    void background(Runnable task) {
        sealer.execute(task);
    }

    /**
     * A prepared spare; when there is none yet, helps write the zeros of the one being made (see the class
     * comment) and waits for it; null when the last attempt failed (the caller creates its segment itself,
     * and a new attempt starts in the background).
     */
    MappedFile take() {
        Preallocation helped = null;
        while (true) {
            Preallocation helping;
            synchronized (this) {
                try {
                    while (ready.isEmpty() && (creating || spareWanted()) && (inProgress == null || inProgress == helped)) {
                        wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                if (!ready.isEmpty() || !(creating || spareWanted())) {
                    failed = false;
                    notifyAll();
                    long now = System.nanoTime();
                    rollIntervalNs = lastTakeNs == 0 ? 0 : now - lastTakeNs;
                    lastTakeNs = now;
                    return ready.pollFirst();
                }
                helping = inProgress;
            }
            help(helping);
            helped = helping;
        }
    }

    /**
     * Called by the appender after it wrote out a block of the tail, {@code tailFraction} of which is now
     * used: when no spare is ready and the one being made is claimed less far than the tail is full, writes
     * one chunk of it, so that the next roll finds it whole without this thread keeping up on its own.
     */
    void keepUp(double tailFraction) {
        Preallocation lagging;
        synchronized (this) {
            lagging = ready.isEmpty() ? inProgress : null;
        }
        if (lagging == null || lagging.claimedFraction() >= tailFraction) {
            return;
        }
        try {
            lagging.writeChunk();
        } catch (IOException | RuntimeException e) {
            // The preallocating thread's finish() reports the same failure, and take() returns null.
        }
    }

    /** Writes chunks of a spare being made until none is left unclaimed; the thread making it finishes it. */
    private static void help(Preallocation preallocation) {
        try {
            while (preallocation.writeChunk()) {
                // The appender has nothing else to do until the spare is whole.
            }
        } catch (IOException | RuntimeException e) {
            // The preallocating thread's finish() reports the same failure, and take() returns null.
        }
    }

    /**
     * Writes the chunks of a spare this thread makes. While another spare is ready, it pauses after each chunk
     * ({@link #pauseNs}) so that the zeros go out spread over about half the time the log took to fill its last
     * segment, not in a burst that takes the CPU and the disk's writeback from the appender and the group
     * commits: with three nodes on one disk at 256 in flight, p99 commit latency went from 27-35 ms to
     * 19-22 ms, p50 from 4.5-5.1 to 5.6-5.8 ms, throughput unchanged (bench cluster, A/B in one shell loop).
     * A log filling segments faster than zeros can be written (the WAL alone under NONE) gets no pause, and
     * measured no slower; with no spare ready, or the log closing, it writes flat out, and the roll that
     * takes the last ready spare wakes it.
     */
    private void pace(Preallocation preallocation) {
        try {
            double claimed = preallocation.claimedFraction();
            while (preallocation.writeChunk()) {
                double now = preallocation.claimedFraction();
                synchronized (this) {
                    long pauseNs = pauseNs(now - claimed, rollIntervalNs);
                    // No pause after the last chunk (nor after a spare made in one step, a sparse one): nothing is left
                    // to spread, and the pause would only keep the spare from being ready.
                    if (now < 1 && !closed && !ready.isEmpty() && pauseNs > 0) {
                        TimeUnit.NANOSECONDS.timedWait(this, pauseNs);
                    }
                }
                claimed = now;
            }
        } catch (IOException | RuntimeException e) {
            // finish() reports the same failure.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            help(preallocation);
        }
    }

    /**
     * The pause after writing {@code fraction} of a spare, when segments last filled in {@code rollIntervalNs}
     * (0: not known yet): that fraction of half the interval, at most {@link #MAX_PAUSE_NS}; none below
     * {@link #MIN_PAUSE_NS}.
     */
    static long pauseNs(double fraction, long rollIntervalNs) {
        long pause = Math.min(MAX_PAUSE_NS, (long)(fraction * rollIntervalNs / 2));
        return pause < MIN_PAUSE_NS ? 0 : pause;
    }

    /** The thread: make a spare whenever one is wanted. */
    private void run() {
        while (true) {
            String name;
            synchronized (this) {
                while (!closed && !spareWanted()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed) {
                    return;
                }
                creating = true;
                name = "spare-" + (sequence++) + SegmentDescriptor.TEMP_SUFFIX;
            }
            created(create(name));
        }
    }

    private boolean spareWanted() {
        return !failed && !creating && ready.size() < SPARE_COUNT;
    }

    private MappedFile create(String name) {
        Preallocation preallocation;
        try {
            storage.delete(name);
            // Not forced: see Storage.createMapped(String, int, boolean). A spare's name is never made durable.
            // A sparse spare needs room for itself and for what the segment being appended to may still take.
            preallocation = reserveSpace ? storage.preallocate(name, lengthBytes) :
                Preallocation.whole(() -> storage.createSparse(name, lengthBytes, 2L * lengthBytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        synchronized (this) {
            inProgress = preallocation;
            notifyAll();
        }
        pace(preallocation);
        try {
            return preallocation.finish();
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            synchronized (this) {
                inProgress = null;
            }
        }
    }

    private void created(MappedFile file) {
        synchronized (this) {
            creating = false;
            notifyAll();
            if (file == null) {
                failed = true;
                return;
            }
            if (!closed) {
                ready.addLast(file);
                return;
            }
        }
        discard(file);
    }

    private void discard(MappedFile file) {
        file.close();
        try {
            storage.delete(file.name());
        } catch (IOException ignored) {
            // A leftover spare is a *.wal.tmp file: the next open deletes it.
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        sealer.shutdown();
        try {
            // Background seals must finish (or see the log closed) before segments are unmapped.
            sealer.awaitTermination(1, TimeUnit.MINUTES);
            thread.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            while (!ready.isEmpty()) {
                discard(ready.pollFirst());
            }
        }
    }
}

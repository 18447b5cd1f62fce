package io.replog.wal;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;
import org.agrona.concurrent.AtomicBuffer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@link #SPARE_COUNT} segment files ready on a background thread, so that a roll takes one
 * instead of writing (and forcing) a whole segment of zeros; and runs the forces of segments sealed
 * under {@code SyncPolicy.NONE} and {@code BATCH} on a thread of their own (see {@code WriteAheadLog.roll}).
 * <p>
 * Two spares, because writing one takes about as long as filling one at full speed: with a single
 * spare every roll waited for the next one to be written. When no spare is wanted the thread maps
 * the pages of a waiting spare, a chunk at a time, so the appender does not take a page fault per
 * page; making spares always comes first, so on a busy machine the appender maps its own pages
 * rather than wait for a spare.
 * <p>
 * Spares are preallocated {@code spare-N.wal.tmp} files: recovery deletes such files, so a crash with
 * spares on disk leaves nothing behind. When a spare could not be made (a full disk) the thread stops
 * trying until the next {@link #take()}, which returns null: the roll creates its segment in line
 * and reports the error to the appender.
 * <p>
 * Invariants (guarded by {@code this}): a spare in {@code ready} belongs to this class until
 * {@link #take()} hands it out, and is never touched afterwards (the log may unmap it); at most one
 * spare is being touched, the one in {@code touching}, and {@link #take()} waits for that chunk.
 */
final class SegmentPreallocator implements AutoCloseable {
    static final int SPARE_COUNT = 2;
    /** Pages mapped per turn, so that a wanted spare or a take waits for at most one chunk. */
    private static final int TOUCH_CHUNK_BYTES = 256 << 10;
    private static final int PAGE_BYTES = 4096;

    /** A spare file and how much of it is mapped already. */
    private static final class Spare {
        final MappedFile file;
        int touchedBytes;

        Spare(MappedFile file) {
            this.file = file;
        }
    }

    private final Storage storage;
    private final int lengthBytes;
    private final Thread thread;
    /** Seals run on their own thread, so that a whole-segment force never delays the next spare. */
    private final ExecutorService sealer;
    private final ArrayDeque<Spare> ready = new ArrayDeque<>();
    private boolean creating;
    /** The spare whose pages are being mapped, or null. */
    private Spare touching;
    /** The last spare could not be made: no new attempt until the next take. */
    private boolean failed;
    private boolean closed;
    private long sequence;

    SegmentPreallocator(Storage storage, int lengthBytes) {
        this.storage = storage;
        this.lengthBytes = lengthBytes;
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
     * A prepared spare, waiting for one being written (or about to be) if there is none yet; null when
     * the last attempt failed (the caller creates its segment itself, and a new attempt starts in the
     * background).
     */
    synchronized MappedFile take() {
        try {
            while ((ready.isEmpty() && (creating || spareWanted())) ||
                (touching != null && touching == ready.peekFirst())) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        failed = false;
        notifyAll();
        Spare spare = ready.pollFirst();
        return spare == null ? null : spare.file;
    }

    /** The thread: make a spare whenever one is wanted, otherwise map the next chunk of a ready one. */
    private void run() {
        while (true) {
            String name = null;
            Spare toTouch = null;
            int from = 0;
            synchronized (this) {
                while (!closed && !spareWanted() && untouched() == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                if (closed) {
                    return;
                }
                if (spareWanted()) {
                    creating = true;
                    name = "spare-" + (sequence++) + SegmentDescriptor.TEMP_SUFFIX;
                } else {
                    toTouch = untouched();
                    touching = toTouch;
                    from = toTouch.touchedBytes;
                }
            }
            if (name != null) {
                created(create(name));
            } else {
                int to = Math.min(lengthBytes, from + TOUCH_CHUNK_BYTES);
                touch(toTouch.file, from, to);
                synchronized (this) {
                    toTouch.touchedBytes = to;
                    touching = null;
                    notifyAll();
                }
            }
        }
    }

    private boolean spareWanted() {
        return !failed && !creating && ready.size() < SPARE_COUNT;
    }

    /** The oldest ready spare (the next one taken) whose pages are not all mapped yet, or null. */
    private Spare untouched() {
        for (Spare spare : ready) {
            if (spare.touchedBytes < lengthBytes) {
                return spare;
            }
        }
        return null;
    }

    private MappedFile create(String name) {
        try {
            storage.delete(name);
            return storage.createMapped(name, lengthBytes);
        } catch (IOException | RuntimeException e) {
            return null;
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
                ready.addLast(new Spare(file));
                return;
            }
        }
        discard(file);
    }

    /**
     * Maps the pages of {@code [from, to)} writable by storing the zero each page starts with. A
     * compare-and-set of zero with zero: it writes nothing where data was written, whatever the order.
     */
    private static void touch(MappedFile file, int from, int to) {
        AtomicBuffer buffer;
        try {
            buffer = file.appendBuffer();
        } catch (IOException e) {
            return; // the appender maps the file itself, and reports the error
        }
        for (int position = from; position < to; position += PAGE_BYTES) {
            buffer.compareAndSetLong(position, 0, 0);
        }
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
                discard(ready.pollFirst().file);
            }
        }
    }
}

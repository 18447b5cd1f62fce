package io.replog.wal;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares the next segment file in the background, so that sealing a segment does not stall the
 * appending thread for the time it takes to write (and force) a whole segment of zeros; and runs the
 * forces of segments sealed under {@code SyncPolicy.NONE} (see {@code WriteAheadLog.roll}).
 * <p>
 * The spare is a preallocated {@code spare-N.wal.tmp} file: recovery deletes such files, so a crash
 * with a spare on disk leaves nothing behind. When the spare could not be made (a full disk), the
 * roll falls back to creating the segment in line, which reports the error to the appender.
 */
final class SegmentPreallocator implements AutoCloseable {
    private final Storage storage;
    private final int lengthBytes;
    private final ExecutorService executor;
    /** Seals run on their own thread, so that a whole-segment force never delays the next spare. */
    private final ExecutorService sealer;
    private Future<MappedFile> spare;
    private long sequence;

    SegmentPreallocator(Storage storage, int lengthBytes) {
        this.storage = storage;
        this.lengthBytes = lengthBytes;
        this.executor = daemonThread("replog-wal-preallocate " + storage.describe());
        this.sealer = daemonThread("replog-wal-seal " + storage.describe());
    }

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts preparing a spare segment file unless one is already on its way. */
    void prepareNext() {
        if (spare == null) {
            String name = "spare-" + (sequence++) + SegmentDescriptor.TEMP_SUFFIX;
            spare = executor.submit(() -> {
                storage.delete(name);
                return storage.createMapped(name, lengthBytes);
            });
        }
    }

    /** Runs {@code task} on the sealing thread, after the seals submitted before it. */
    void background(Runnable task) {
        sealer.execute(task);
    }

    /** The prepared spare (waiting for it if still being written), or null when it could not be made. */
    MappedFile take() {
        Future<MappedFile> pending = spare;
        spare = null;
        if (pending == null) {
            return null;
        }
        try {
            return pending.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        MappedFile unused = take();
        executor.shutdown();
        sealer.shutdown();
        try {
            // Background seals must finish (or see the log closed) before segments are unmapped.
            sealer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            executor.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (unused != null) {
            unused.close();
            try {
                storage.delete(unused.name());
            } catch (IOException ignored) {
                // A leftover spare is a *.wal.tmp file: the next open deletes it.
            }
        }
    }
}

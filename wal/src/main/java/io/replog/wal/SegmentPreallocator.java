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
    private Future<MappedFile> spare;
    private long sequence;

    SegmentPreallocator(Storage storage, int lengthBytes) {
        this.storage = storage;
        this.lengthBytes = lengthBytes;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replog-wal-preallocate " + storage.describe());
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

    /** Runs {@code task} on the background thread, after whatever was submitted before it. */
    void background(Runnable task) {
        executor.execute(task);
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
        try {
            // Background seals must finish (or see the log closed) before segments are unmapped.
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

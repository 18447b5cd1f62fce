package io.replog.wal.storage;

import java.io.IOException;

/**
 * A file being preallocated ({@link Storage#preallocate(String, int)}): its zeros are written in chunks,
 * and any number of threads may write chunks at once, so that a thread that needs the file before it is
 * done can help instead of waiting for the one preparing it.
 * <p>
 * Protocol: any thread calls {@link #writeChunk()} until it returns false; exactly one thread, the owner,
 * then calls {@link #finish()}, which waits for the chunks other threads are still writing. A failed
 * chunk fails the whole file: {@link #finish()} throws that failure after removing the file.
 */
public interface Preallocation {
    /**
     * Claims the next chunk nobody has claimed and writes its zeros. Thread-safe.
     *
     * @return false when no chunk was left to claim (or an earlier chunk failed).
     * @throws IOException when this chunk could not be written (a full disk); {@link #finish()} throws it too.
     */
    boolean writeChunk() throws IOException;

    /** The fraction of the file's chunks claimed so far, 0 to 1. Thread-safe. */
    double claimedFraction();

    /**
     * Owner only, after its own {@link #writeChunk()} returned false or threw: waits for chunks still being
     * written, then maps the file read-write. The zeros are not forced (see
     * {@link Storage#createMapped(String, int, boolean)}).
     *
     * @throws IOException the first chunk's failure, with the file closed and deleted.
     */
    MappedFile finish() throws IOException;

    /** A preallocation done in one step by {@code create}: one chunk, which creates the whole file. */
    static Preallocation whole(Creator create) {
        return new Preallocation() {
            private MappedFile file;
            private IOException failure;
            private boolean claimed;

            @Override
            public boolean writeChunk() throws IOException {
                synchronized (this) {
                    if (claimed) {
                        return false;
                    }
                    claimed = true;
                }
                try {
                    MappedFile created = create.create();
                    synchronized (this) {
                        file = created;
                    }
                    return true;
                } catch (IOException e) {
                    synchronized (this) {
                        failure = e;
                    }
                    throw e;
                } finally {
                    synchronized (this) {
                        notifyAll();
                    }
                }
            }

            @Override
            public synchronized double claimedFraction() {
                return claimed ? 1 : 0;
            }

            @Override
            public synchronized MappedFile finish() throws IOException {
                while (claimed && file == null && failure == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while a file was being preallocated");
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                if (file == null) {
                    throw new IllegalStateException("finish() before any writeChunk(): the file was never created");
                }
                return file;
            }
        };
    }

    /** Creates a whole file at once. */
    interface Creator {
        MappedFile create() throws IOException;
    }
}

package io.replog.wal.storage;

import org.agrona.concurrent.AtomicBuffer;

import java.io.IOException;

/**
 * A file mapped into memory. {@link #buffer()} is valid until {@link #close()}; after close any
 * access to it is a bug (and for real files a crash), so owners must close only what nobody reads.
 */
public interface MappedFile extends AutoCloseable {
    String name();

    /** The mapped bytes; its address is a real memory address (checksums are computed over it). */
    AtomicBuffer buffer();

    /**
     * The same bytes as {@link #buffer()} for a writer that appends, valid until
     * {@link #releaseAppendBuffer()}; the next call after a release maps them again.
     * <p>
     * Real files map them a second time: forcing bytes written through a live mapping write-protects each
     * written page again, and on Linux every page write-protected interrupts each CPU running this
     * process (a TLB shootdown), the appending thread's first of all. Unmapping the writer's mapping
     * before forcing makes the force cost the disk's time only. By default this is {@link #buffer()}.
     *
     * @throws IOException when the file cannot be mapped for writing (opened read-only).
     */
    default AtomicBuffer appendBuffer() throws IOException {
        return buffer();
    }

    /** Gives up the mapping {@link #appendBuffer()} returned; nobody may use it afterwards. */
    default void releaseAppendBuffer() {
    }

    int lengthBytes();

    /** Makes bytes {@code [position, position + length)} durable. */
    void force(int position, int length) throws IOException;

    @Override
    void close();
}

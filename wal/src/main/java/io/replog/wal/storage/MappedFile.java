package io.replog.wal.storage;

import org.agrona.concurrent.AtomicBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file mapped into memory. {@link #buffer()} is valid until {@link #close()}; after close any
 * access to it is a bug (and for real files a crash), so owners must close only what nobody reads.
 */
public interface MappedFile extends AutoCloseable {
    String name();

    /** The mapped bytes; its address is a real memory address (checksums are computed over it). */
    AtomicBuffer buffer();

    /**
     * Writes {@code source}'s remaining bytes at {@code position} through the file, not through the mapping
     * (a positional write; {@link #buffer()} shows the bytes at once). The log appends this way: a store to
     * a mapped page costs a page fault the first time, and forcing pages written through a mapping
     * write-protects each of them again (interrupting every CPU that runs the process); written bytes cost
     * neither. Durable after {@link #force}.
     *
     * @throws IOException when the file cannot be written (opened read-only, a device error).
     */
    void write(ByteBuffer source, int position) throws IOException;

    int lengthBytes();

    /** Makes bytes {@code [position, position + length)} durable. */
    void force(int position, int length) throws IOException;

    @Override
    void close();
}

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

    int lengthBytes();

    /** Makes bytes {@code [position, position + length)} durable. */
    void force(int position, int length) throws IOException;

    @Override
    void close();
}

package io.replog.wal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A file written sequentially (snapshots), durable after {@link #force()}. */
public interface WritableFile extends AutoCloseable {
    /** Writes all remaining bytes of {@code source}. */
    void write(ByteBuffer source) throws IOException;

    /** Bytes written so far. */
    long position();

    /** Makes everything written so far durable. */
    void force() throws IOException;

    @Override
    void close() throws IOException;
}

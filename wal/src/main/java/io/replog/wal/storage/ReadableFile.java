package io.replog.wal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A file read at explicit positions. */
public interface ReadableFile extends AutoCloseable {
    /** Reads up to {@code destination.remaining()} bytes at {@code position}; -1 at end of file. */
    int read(ByteBuffer destination, long position) throws IOException;

    long size() throws IOException;

    @Override
    void close() throws IOException;
}

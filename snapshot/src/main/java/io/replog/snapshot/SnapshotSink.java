package io.replog.snapshot;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * What a state machine writes its state into. Closing it does nothing, so a state machine may wrap
 * it in a {@code DataOutputStream} and close that: only the {@link SnapshotTaker} decides whether
 * the snapshot is committed or abandoned.
 */
public final class SnapshotSink extends OutputStream {
    private final SnapshotWriter writer;

    SnapshotSink(SnapshotWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) throws IOException {
        writer.write(b);
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        writer.write(source, offset, length);
    }

    /** Writes all of {@code source}'s remaining bytes and advances its position. */
    public void write(ByteBuffer source) throws IOException {
        writer.write(source);
    }

    public void write(DirectBuffer source, int offset, int length) throws IOException {
        writer.write(source, offset, length);
    }

    /** Uncompressed bytes written so far. */
    public long lengthBytes() {
        return writer.uncompressedLengthBytes();
    }

    @Override
    public void close() {
    }
}

package io.replog.snapshot;

import io.replog.wal.storage.Storage;
import io.replog.wal.storage.WritableFile;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streams a snapshot's state into a new snapshot file, one chunk at a time.
 * <p>
 * File invariants: until {@link #commit()} returns, the bytes live only under the temporary name
 * ({@code ...snap.tmp}), which no reader takes for a snapshot. {@code commit()} writes the
 * trailer, forces the file, renames it to its final name and syncs the directory, in that order,
 * so the final name never refers to an incomplete or unforced file.
 * <p>
 * Memory is bounded by two uncompressed chunk buffers and one encoded chunk buffer, whatever the
 * size of the state. With {@link ChunkThreading#BACKGROUND} a full chunk is compressed and written
 * on a helper thread while the caller fills the other buffer. Not thread-safe: one thread writes
 * the state and commits.
 * <p>
 * {@link #close()} without a successful {@code commit()} abandons the snapshot and deletes the
 * temporary file, so {@code try (SnapshotWriter w = ...) { ...; w.commit(); }} never leaves one
 * behind on an exception. Any {@link IOException} (a failed force above all) is final: the
 * writer abandons the file rather than retry, because a failed fsync may have dropped pages.
 */
public final class SnapshotWriter extends OutputStream {
    private enum State { OPEN, COMMITTED, ABANDONED }

    private final Storage storage;
    private final SnapshotHeader header;
    private final SnapshotFileName name;
    private final WritableFile file;
    private final Runnable onFinish;
    private final OneInFlight chunkWriter;
    private State state = State.OPEN;
    /** The chunk the caller is filling. */
    private ByteBuffer pending;
    /** The chunk being encoded and written, if any; filled again after that finished. */
    private ByteBuffer spare;
    /** Uncompressed bytes handed to the chunk writer; caller's thread only. */
    private long flushedLengthBytes;

    // Touched only by whoever runs the chunk writer's task; read by the caller after awaiting it.
    private final ChunkEncoder encoder;
    private int fileCrc;
    private long chunkCount;
    private long uncompressedLengthBytes;

    private SnapshotWriter(Storage storage, SnapshotHeader header, WritableFile file, ChunkThreading threading,
        Runnable onFinish) {
        this.storage = storage;
        this.header = header;
        this.name = header.fileName();
        this.file = file;
        this.onFinish = onFinish;
        this.pending = ByteBuffer.allocateDirect(header.chunkLengthBytes());
        this.spare = ByteBuffer.allocateDirect(header.chunkLengthBytes());
        this.encoder = new ChunkEncoder(header.chunkLengthBytes());
        this.chunkWriter = OneInFlight.create(threading, "replog-snapshot-writer-" + name.index());
    }

    /**
     * Creates the temporary file and writes the header.
     *
     * @param onFinish run once when the writer commits or abandons (the store tracks writers in flight).
     */
    static SnapshotWriter create(Storage storage, SnapshotHeader header, ChunkThreading threading, Runnable onFinish)
        throws IOException {
        ByteBuffer headerBytes = SnapshotHeaderCodec.encode(header);
        WritableFile file = storage.createWritable(header.fileName().temporaryName());
        SnapshotWriter writer = new SnapshotWriter(storage, header, file, threading, onFinish);
        try {
            writer.fileCrc = Crc.of(headerBytes, 0, headerBytes.remaining());
            writer.file.write(headerBytes);
        } catch (IOException | RuntimeException e) {
            writer.abandon(e);
            throw e;
        }
        return writer;
    }

    public SnapshotHeader header() {
        return header;
    }

    /** Uncompressed state bytes accepted so far. */
    public long uncompressedLengthBytes() {
        return flushedLengthBytes + pending.position();
    }

    @Override
    public void write(int b) throws IOException {
        requireOpen();
        if (!pending.hasRemaining()) {
            flushChunk();
        }
        pending.put((byte)b);
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, source.length);
        requireOpen();
        int written = 0;
        while (written < length) {
            if (!pending.hasRemaining()) {
                flushChunk();
            }
            int count = Math.min(length - written, pending.remaining());
            pending.put(source, offset + written, count);
            written += count;
        }
    }

    /** Writes all of {@code source}'s remaining bytes and advances its position. */
    public void write(ByteBuffer source) throws IOException {
        requireOpen();
        while (source.hasRemaining()) {
            if (!pending.hasRemaining()) {
                flushChunk();
            }
            int count = Math.min(source.remaining(), pending.remaining());
            pending.put(source.duplicate().limit(source.position() + count));
            source.position(source.position() + count);
        }
    }

    /** Writes {@code length} bytes of an Agrona buffer (for example a view of off-heap state). */
    public void write(DirectBuffer source, int offset, int length) throws IOException {
        requireOpen();
        int written = 0;
        while (written < length) {
            if (!pending.hasRemaining()) {
                flushChunk();
            }
            int count = Math.min(length - written, pending.remaining());
            source.getBytes(offset + written, pending, pending.position(), count);
            pending.position(pending.position() + count);
            written += count;
        }
    }

    /**
     * Finishes the snapshot: last chunk, trailer, force, rename to the final name, directory sync.
     * When it returns the snapshot is durable under {@link SnapshotFileName#fileName()}.
     */
    public SnapshotInfo commit() throws IOException {
        requireOpen();
        try {
            if (pending.position() > 0) {
                flushChunk();
            }
            chunkWriter.await();
            long fileLength = file.position() + SnapshotTrailerDescriptor.LENGTH_BYTES;
            SnapshotTrailer trailer = new SnapshotTrailer(chunkCount, uncompressedLengthBytes, fileLength, fileCrc);
            file.write(SnapshotTrailerCodec.encode(trailer));
            file.force();
            file.close();
            storage.rename(name.temporaryName(), name.fileName());
            storage.syncDirectory();
            chunkWriter.close();
            finish(State.COMMITTED);
            return new SnapshotInfo(name.fileName(), header, trailer);
        } catch (IOException | RuntimeException e) {
            abandon(e);
            throw e;
        }
    }

    /** Abandons an uncommitted snapshot and deletes its temporary file; does nothing after commit. */
    @Override
    public void close() throws IOException {
        if (state == State.OPEN) {
            abandon(null);
        }
    }

    /** Hands the full chunk to the chunk writer and continues in the other buffer. */
    private void flushChunk() throws IOException {
        try {
            chunkWriter.await();
            ByteBuffer filled = pending;
            chunkWriter.submit(() -> writeChunk(filled));
            flushedLengthBytes += filled.position();
            pending = spare.clear();
            spare = filled;
        } catch (IOException | RuntimeException e) {
            abandon(e);
            throw e;
        }
    }

    private Void writeChunk(ByteBuffer filled) throws IOException {
        ByteBuffer chunk = encoder.encode(filled);
        uncompressedLengthBytes += filled.position();
        chunkCount++;
        fileCrc = Crc32cCombine.combine(fileCrc, encoder.fileCrcOfLastChunk(), chunk.remaining());
        file.write(chunk);
        return null;
    }

    private void abandon(Throwable cause) {
        if (state != State.OPEN) {
            return;
        }
        chunkWriter.close();
        finish(State.ABANDONED);
        try {
            file.close();
        } catch (IOException | RuntimeException e) {
            addSuppressed(cause, e);
        }
        try {
            // Best effort: a temporary file left behind is harmless and the store removes it later.
            storage.delete(name.temporaryName());
        } catch (IOException | RuntimeException e) {
            addSuppressed(cause, e);
        }
    }

    private void finish(State finalState) {
        state = finalState;
        onFinish.run();
    }

    private static void addSuppressed(Throwable cause, Throwable suppressed) {
        if (cause != null && cause != suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    private void requireOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("snapshot " + name.fileName() + " is already " + state.name().toLowerCase() +
                "; start a new snapshot");
        }
    }
}

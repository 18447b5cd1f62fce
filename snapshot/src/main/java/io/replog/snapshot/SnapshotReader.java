package io.replog.snapshot;

import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streams a snapshot's state back, checking as it goes.
 * <p>
 * {@link #open} checks the header CRC and the trailer (magic, its own CRC, the file length it
 * records), so a file cut short by a crash is rejected before any state is handed out. Each chunk's
 * CRC is checked before its bytes are returned. When the last chunk has been read, the chunk count,
 * the uncompressed length and the whole-file CRC are checked against the trailer before
 * {@code read} reports the end of the stream: a caller that reads to the end (or calls
 * {@link #finish()}) has read a verified snapshot. Any failed check is a
 * {@link SnapshotDamagedException} naming the file, chunk and byte offset.
 * <p>
 * Memory is bounded by three chunk buffers. With {@link ChunkThreading#BACKGROUND} the next chunk is
 * read, checked and decompressed on a helper thread while the caller consumes the current one.
 * Not thread-safe.
 */
public final class SnapshotReader extends InputStream {
    private final String fileName;
    private final ReadableFile file;
    private final SnapshotHeader header;
    private final SnapshotTrailer trailer;
    private final long chunksEndPosition;
    private final OneInFlight chunkReader;
    /** The chunk the caller is consuming. */
    private ByteBuffer decoded;
    /** The buffer the chunk reader decodes the next chunk into. */
    private ByteBuffer spare;
    /** Where the next chunk to decode starts, and its number; caller's thread only. */
    private long position;
    private long chunkNumber;
    private long uncompressedLengthBytes;
    private boolean verifiedEnd;

    // Touched only by whoever runs the chunk reader's task; read by the caller after awaiting it.
    private final ChunkDecoder decoder;
    private int fileCrc;

    private SnapshotReader(String fileName, ReadableFile file, SnapshotHeaderCodec.Read header,
        SnapshotTrailer trailer, ChunkThreading threading) {
        this.fileName = fileName;
        this.file = file;
        this.header = header.header();
        this.trailer = trailer;
        this.decoder = new ChunkDecoder(fileName, this.header.chunkLengthBytes());
        this.decoded = ByteBuffer.allocateDirect(this.header.chunkLengthBytes()).flip();
        this.spare = ByteBuffer.allocateDirect(this.header.chunkLengthBytes());
        this.position = header.lengthBytes();
        this.chunksEndPosition = trailer.fileLengthBytes() - SnapshotTrailerDescriptor.LENGTH_BYTES;
        this.chunkReader = OneInFlight.create(threading, "replog-snapshot-reader-" + this.header.lastIncludedIndex());
        this.fileCrc = Crc.of(header.bytes(), 0, header.lengthBytes());
    }

    /** Opens {@code fileName} in {@code storage}, checking its header and trailer; reads ahead on a helper thread. */
    public static SnapshotReader open(Storage storage, String fileName) throws IOException {
        return open(storage, fileName, ChunkThreading.BACKGROUND);
    }

    /** Opens {@code fileName} in {@code storage}, checking its header and trailer. */
    public static SnapshotReader open(Storage storage, String fileName, ChunkThreading threading) throws IOException {
        ReadableFile file = storage.openReadable(fileName);
        try {
            SnapshotHeaderCodec.Read header = SnapshotHeaderCodec.read(fileName, file);
            SnapshotTrailer trailer = SnapshotTrailerCodec.read(fileName, file, header.lengthBytes());
            return new SnapshotReader(fileName, file, header, trailer, threading);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Reads only the header and trailer: cheap, and enough to list a snapshot, but it does not read
     * the chunks (use {@link #finish()} or {@code SnapshotStore.verify} for that).
     */
    public static SnapshotInfo inspect(Storage storage, String fileName) throws IOException {
        // No reader: its chunk buffers would be allocated for nothing, once per file listed.
        try (ReadableFile file = storage.openReadable(fileName)) {
            SnapshotHeaderCodec.Read header = SnapshotHeaderCodec.read(fileName, file);
            return new SnapshotInfo(fileName, header.header(),
                SnapshotTrailerCodec.read(fileName, file, header.lengthBytes()));
        }
    }

    public SnapshotHeader header() {
        return header;
    }

    public SnapshotInfo info() {
        return new SnapshotInfo(fileName, header, trailer);
    }

    /** Chunks checked and decoded so far. */
    public long chunksRead() {
        return chunkNumber;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return decoded.get() & 0xFF;
    }

    @Override
    public int read(byte[] destination, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, destination.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, decoded.remaining());
        decoded.get(destination, offset, count);
        return count;
    }

    /** Reads up to {@code destination.remaining()} bytes into it; -1 at the (verified) end. */
    public int read(ByteBuffer destination) throws IOException {
        if (!destination.hasRemaining()) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(destination.remaining(), decoded.remaining());
        destination.put(decoded.duplicate().limit(decoded.position() + count));
        decoded.position(decoded.position() + count);
        return count;
    }

    @Override
    public int available() {
        return decoded.remaining();
    }

    /** Reads and checks every remaining chunk (discarding the state) and the trailer. */
    public SnapshotInfo finish() throws IOException {
        decoded.position(decoded.limit());
        while (fill()) {
            decoded.position(decoded.limit());
        }
        return info();
    }

    @Override
    public void close() throws IOException {
        chunkReader.close();
        file.close();
    }

    /** Makes decoded bytes available; false at the end of the state, after the trailer checks passed. */
    private boolean fill() throws IOException {
        while (!decoded.hasRemaining()) {
            if (!chunkReader.hasPending()) {
                if (position == chunksEndPosition) {
                    verifyEnd();
                    return false;
                }
                startDecoding();
            }
            int storedLengthBytes = chunkReader.await();
            ByteBuffer next = spare;
            spare = decoded;
            decoded = next;
            position += storedLengthBytes;
            uncompressedLengthBytes += decoded.remaining();
            chunkNumber++;
            if (position != chunksEndPosition) {
                startDecoding();
            }
        }
        return true;
    }

    /** Decodes the chunk at {@link #position} into {@link #spare}, ahead of the caller when threaded. */
    private void startDecoding() {
        ByteBuffer into = spare;
        long at = position;
        long number = chunkNumber;
        chunkReader.submit(() -> {
            int storedLengthBytes = decoder.decode(file, at, chunksEndPosition, number, into);
            fileCrc = Crc32cCombine.combine(fileCrc, decoder.fileCrcOfLastChunk(), storedLengthBytes);
            return storedLengthBytes;
        });
    }

    private void verifyEnd() throws SnapshotDamagedException {
        if (verifiedEnd) {
            return;
        }
        long trailerOffset = chunksEndPosition;
        if (chunkNumber != trailer.chunkCount()) {
            throw SnapshotDamagedException.inTrailer(fileName, trailerOffset, "the trailer records " +
                trailer.chunkCount() + " chunks, the file holds " + chunkNumber);
        }
        if (uncompressedLengthBytes != trailer.uncompressedLengthBytes()) {
            throw SnapshotDamagedException.inTrailer(fileName, trailerOffset, "the trailer records " +
                trailer.uncompressedLengthBytes() + " uncompressed bytes, the chunks hold " + uncompressedLengthBytes);
        }
        if (fileCrc != trailer.fileCrc()) {
            throw SnapshotDamagedException.inTrailer(fileName, trailerOffset, "whole-file CRC mismatch");
        }
        verifiedEnd = true;
    }
}

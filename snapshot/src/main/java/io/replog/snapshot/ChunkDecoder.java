package io.replog.snapshot;

import io.replog.wal.storage.ReadableFile;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.replog.snapshot.ChunkDescriptor.*;

/**
 * Reads and checks one chunk at a time (see {@link ChunkDescriptor}): lengths within bounds, CRC,
 * then decompression with LZ4's safe decompressor, which never trusts its input. Buffers are
 * allocated once per file, sized by the header's chunk length.
 */
final class ChunkDecoder {
    private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();
    private final CRC32C chunkCrc = new CRC32C();
    private final String fileName;
    private final int chunkLengthBytes;
    private final int maxStoredLengthBytes;
    private final ByteBuffer encoded;
    private int fileCrcOfLastChunk;

    ChunkDecoder(String fileName, int chunkLengthBytes) {
        this.fileName = fileName;
        this.chunkLengthBytes = chunkLengthBytes;
        this.maxStoredLengthBytes = Math.max(LZ4Factory.fastestInstance().fastCompressor()
            .maxCompressedLength(chunkLengthBytes), chunkLengthBytes);
        this.encoded = ByteBuffer.allocateDirect(HEADER_LENGTH_BYTES + maxStoredLengthBytes)
            .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads the chunk at {@code position}, which must end by {@code chunksEndPosition}, and decodes it
     * into {@code decoded} (cleared, then flipped for reading).
     *
     * @return the stored length of the chunk, header included: where the next chunk starts.
     */
    int decode(ReadableFile file, long position, long chunksEndPosition, long chunkNumber, ByteBuffer decoded)
        throws IOException {
        if (position + HEADER_LENGTH_BYTES > chunksEndPosition) {
            throw damaged(chunkNumber, position, "a chunk header would run into the trailer");
        }
        encoded.clear().limit(HEADER_LENGTH_BYTES);
        readFully(file, position, chunkNumber);
        int uncompressedLength = encoded.getInt(UNCOMPRESSED_LENGTH_OFFSET);
        int storedLength = encoded.getInt(STORED_LENGTH_OFFSET);
        if (uncompressedLength <= 0 || uncompressedLength > chunkLengthBytes || storedLength <= 0 ||
            storedLength > maxStoredLengthBytes || position + HEADER_LENGTH_BYTES + storedLength > chunksEndPosition) {
            throw damaged(chunkNumber, position, "impossible lengths (uncompressed " + uncompressedLength +
                ", stored " + storedLength + ")");
        }
        encoded.limit(HEADER_LENGTH_BYTES + storedLength);
        readFully(file, position, chunkNumber);
        int blockCrc = crcOf(HEADER_LENGTH_BYTES, storedLength);
        if (encoded.getInt(CRC_OFFSET) != Crc32cCombine.combine(crcOf(0, CRC_OFFSET), blockCrc, storedLength)) {
            throw damaged(chunkNumber, position, "CRC mismatch");
        }
        fileCrcOfLastChunk = Crc32cCombine.combine(crcOf(0, HEADER_LENGTH_BYTES), blockCrc, storedLength);
        decompress(uncompressedLength, storedLength, decoded, chunkNumber, position);
        return HEADER_LENGTH_BYTES + storedLength;
    }

    private void decompress(int uncompressedLength, int storedLength, ByteBuffer decoded, long chunkNumber,
        long position) throws SnapshotDamagedException {
        decoded.clear();
        if (isStoredRaw(uncompressedLength, storedLength)) {
            decoded.put(encoded.duplicate().position(HEADER_LENGTH_BYTES).limit(HEADER_LENGTH_BYTES + storedLength));
            decoded.flip();
            return;
        }
        int length;
        try {
            length = decompressor.decompress(encoded, HEADER_LENGTH_BYTES, storedLength, decoded, 0,
                decoded.capacity());
        } catch (LZ4Exception e) {
            throw damaged(chunkNumber, position, "the LZ4 block does not decompress (" + e.getMessage() + ")");
        }
        if (length != uncompressedLength) {
            throw damaged(chunkNumber, position, "decompressed to " + length + " bytes, the chunk header says " +
                uncompressedLength);
        }
        decoded.limit(length).position(0);
    }

    /** CRC32C of every stored byte of the last decoded chunk, for the whole-file CRC. */
    int fileCrcOfLastChunk() {
        return fileCrcOfLastChunk;
    }

    private int crcOf(int offset, int length) {
        chunkCrc.reset();
        chunkCrc.update(encoded.duplicate().clear().position(offset).limit(offset + length));
        return (int)chunkCrc.getValue();
    }

    private void readFully(ReadableFile file, long position, long chunkNumber) throws IOException {
        encoded.position(0);
        if (!FileReads.readFully(file, encoded, position)) {
            throw damaged(chunkNumber, position, "the file ends inside the chunk");
        }
    }

    private SnapshotDamagedException damaged(long chunkNumber, long position, String problem) {
        return SnapshotDamagedException.inChunk(fileName, chunkNumber, position, problem);
    }
}

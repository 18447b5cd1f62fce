package io.replog.snapshot;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.replog.snapshot.ChunkDescriptor.*;

/**
 * Turns up to one chunk of uncompressed state into one encoded chunk (see {@link ChunkDescriptor}).
 * Owns one direct output buffer, reused for every chunk, so encoding allocates nothing.
 */
final class ChunkEncoder {
    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    private final CRC32C crc = new CRC32C();
    private final int chunkLengthBytes;
    private final ByteBuffer encoded;

    ChunkEncoder(int chunkLengthBytes) {
        this.chunkLengthBytes = chunkLengthBytes;
        int blockCapacity = Math.max(compressor.maxCompressedLength(chunkLengthBytes), chunkLengthBytes);
        this.encoded = ByteBuffer.allocateDirect(HEADER_LENGTH_BYTES + blockCapacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Encodes {@code uncompressed}'s bytes from 0 to its position. The returned buffer is this encoder's
     * own, ready to write, and valid until the next call.
     */
    ByteBuffer encode(ByteBuffer uncompressed) {
        int uncompressedLength = uncompressed.position();
        if (uncompressedLength <= 0 || uncompressedLength > chunkLengthBytes) {
            throw new IllegalArgumentException("a chunk holds 1 to " + chunkLengthBytes + " bytes, not " +
                uncompressedLength);
        }
        int blockCapacity = encoded.capacity() - HEADER_LENGTH_BYTES;
        int storedLength = compressor.compress(uncompressed, 0, uncompressedLength, encoded, HEADER_LENGTH_BYTES,
            blockCapacity);
        if (storedLength >= uncompressedLength) {
            storedLength = uncompressedLength;
            encoded.clear().position(HEADER_LENGTH_BYTES);
            encoded.put(uncompressed.duplicate().flip());
        }
        encoded.clear();
        encoded.putInt(UNCOMPRESSED_LENGTH_OFFSET, uncompressedLength);
        encoded.putInt(STORED_LENGTH_OFFSET, storedLength);
        encoded.putInt(CRC_OFFSET, checksum(encoded, storedLength));
        return encoded.limit(HEADER_LENGTH_BYTES + storedLength);
    }

    /** CRC32C of the two length fields followed by the block, as {@link ChunkDescriptor} defines it. */
    int checksum(ByteBuffer chunk, int storedLength) {
        crc.reset();
        crc.update(chunk.duplicate().clear().limit(CRC_OFFSET));
        crc.update(chunk.duplicate().clear().position(HEADER_LENGTH_BYTES).limit(HEADER_LENGTH_BYTES + storedLength));
        return (int)crc.getValue();
    }
}

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
    private int fileCrcOfLastChunk;

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
        int blockCrc = crcOf(HEADER_LENGTH_BYTES, storedLength);
        encoded.putInt(CRC_OFFSET, Crc32cCombine.combine(crcOf(0, CRC_OFFSET), blockCrc, storedLength));
        fileCrcOfLastChunk = Crc32cCombine.combine(crcOf(0, HEADER_LENGTH_BYTES), blockCrc, storedLength);
        return encoded.limit(HEADER_LENGTH_BYTES + storedLength);
    }

    /**
     * CRC32C of every byte of the last encoded chunk, for the whole-file CRC: derived from the block's
     * CRC rather than computed by a second pass over the block.
     */
    int fileCrcOfLastChunk() {
        return fileCrcOfLastChunk;
    }

    private int crcOf(int offset, int length) {
        crc.reset();
        crc.update(encoded.duplicate().clear().position(offset).limit(offset + length));
        return (int)crc.getValue();
    }
}

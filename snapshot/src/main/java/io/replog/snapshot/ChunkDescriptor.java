package io.replog.snapshot;

/**
 * Layout of one chunk of snapshot state. Chunks follow the header back to back, until the trailer.
 * All numbers are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              Uncompressed Length (bytes, > 0)                 |
 *  +---------------------------------------------------------------+
 *  |                 Stored Length (bytes, > 0)                    |
 *  +---------------------------------------------------------------+
 *  |                          CRC32C                               |
 *  +---------------------------------------------------------------+
 *  |          Block: LZ4 block, or the raw bytes when             ...
 *  |          Stored Length == Uncompressed Length                 |
 *  +---------------------------------------------------------------+
 * </pre>
 * The CRC32C covers the two length fields and then the block, not only the block: a flipped bit in
 * a length must be reported as damage to this chunk, not as a confusing decompression failure or a
 * misaligned next chunk. A block that LZ4 cannot shrink is stored raw (incompressible state would
 * otherwise grow and cost a decompression on every read).
 */
public final class ChunkDescriptor {
    public static final int UNCOMPRESSED_LENGTH_OFFSET = 0;
    public static final int STORED_LENGTH_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    public static final int HEADER_LENGTH_BYTES = 12;

    private ChunkDescriptor() {
    }

    /** Whether a chunk with these lengths holds its bytes raw rather than LZ4-compressed. */
    public static boolean isStoredRaw(int uncompressedLengthBytes, int storedLengthBytes) {
        return uncompressedLengthBytes == storedLengthBytes;
    }
}

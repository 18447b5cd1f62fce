package io.replog.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * Layout of the fixed-length trailer that ends every complete snapshot file (little-endian).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "RLSNAPTR" (8 bytes)                 |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Chunk Count                            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Total Uncompressed Length (bytes)                |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Total File Length (bytes, trailer included)            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     File CRC32C (over every byte before the trailer)          |
 *  +---------------------------------------------------------------+
 *  |      Trailer CRC32C (over the 36 trailer bytes above)         |
 *  +---------------------------------------------------------------+
 * </pre>
 * The trailer is written last, so a file cut short by a crash has no valid trailer. Its own CRC
 * lets {@code list} and {@code inspect} trust the counts without reading every chunk; the file
 * CRC and the counts are still cross-checked against the chunks by every full read.
 */
public final class SnapshotTrailerDescriptor {
    public static final byte[] MAGIC = "RLSNAPTR".getBytes(StandardCharsets.US_ASCII);

    public static final int MAGIC_OFFSET = 0;
    public static final int CHUNK_COUNT_OFFSET = 8;
    public static final int UNCOMPRESSED_LENGTH_OFFSET = 16;
    public static final int FILE_LENGTH_OFFSET = 24;
    public static final int FILE_CRC_OFFSET = 32;
    public static final int TRAILER_CRC_OFFSET = 36;
    public static final int LENGTH_BYTES = 40;

    private SnapshotTrailerDescriptor() {
    }
}

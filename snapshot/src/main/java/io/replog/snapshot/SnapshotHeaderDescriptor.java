package io.replog.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * Layout of a snapshot file's header, which starts at offset 0. All numbers are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "RLSNAPHD" (8 bytes)                 |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |              Header Length (bytes, including the CRC)         |
 *  +---------------------------------------------------------------+
 *  |                     Last Included Index                       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Last Included Term                        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Created (epoch millis)                      |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Chunk Length (largest uncompressed chunk)          |
 *  +---------------------------------------------------------------+
 *  |                 Configuration Length (bytes)                  |
 *  +---------------------------------------------------------------+
 *  |                    Metadata Length (bytes)                    |
 *  +---------------------------------------------------------------+
 *  |                       Reserved (zero)                         |
 *  +---------------------------------------------------------------+
 *  |                   Configuration Bytes                        ...
 *  +---------------------------------------------------------------+
 *  |                      Metadata Bytes                          ...
 *  +---------------------------------------------------------------+
 *  |              Header CRC32C (over every byte above)            |
 *  +---------------------------------------------------------------+
 * </pre>
 * Configuration bytes: voter count (int), learner count (int), then per member (voters first): id
 * (long), endpoint length (int), endpoint (UTF-8).
 */
public final class SnapshotHeaderDescriptor {
    public static final byte[] MAGIC = "RLSNAPHD".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int LAST_INCLUDED_INDEX_OFFSET = 16;
    public static final int LAST_INCLUDED_TERM_OFFSET = 24;
    public static final int CREATED_EPOCH_MILLIS_OFFSET = 32;
    public static final int CHUNK_LENGTH_OFFSET = 40;
    public static final int CONFIGURATION_LENGTH_OFFSET = 44;
    public static final int METADATA_LENGTH_OFFSET = 48;
    public static final int RESERVED_OFFSET = 52;
    /** Where the configuration bytes begin; also the length of everything a reader reads first. */
    public static final int FIXED_LENGTH_BYTES = 56;
    public static final int CRC_LENGTH_BYTES = 4;

    /** Caps what a reader allocates for a header, so a damaged length cannot exhaust memory. */
    public static final int MAX_HEADER_LENGTH_BYTES = 1 << 20;
    public static final int MIN_CHUNK_LENGTH_BYTES = 16;
    /** Caps the chunk buffers a reader allocates. */
    public static final int MAX_CHUNK_LENGTH_BYTES = 64 << 20;
    public static final int DEFAULT_CHUNK_LENGTH_BYTES = 1 << 20;

    private SnapshotHeaderDescriptor() {
    }

    public static int headerLengthBytes(int configurationLengthBytes, int metadataLengthBytes) {
        return FIXED_LENGTH_BYTES + configurationLengthBytes + metadataLengthBytes + CRC_LENGTH_BYTES;
    }

    static void checkChunkLength(int chunkLengthBytes) {
        if (chunkLengthBytes < MIN_CHUNK_LENGTH_BYTES || chunkLengthBytes > MAX_CHUNK_LENGTH_BYTES) {
            throw new IllegalArgumentException("chunk length " + chunkLengthBytes + " bytes is outside [" +
                MIN_CHUNK_LENGTH_BYTES + ", " + MAX_CHUNK_LENGTH_BYTES + "]");
        }
    }
}

package io.replog.wal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Layout of the header at the start of every segment file.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Magic "RPLGSEG1" (8 bytes)                    |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Format Version                          |  8
 *  +---------------------------------------------------------------+
 *  |                    Segment Length (bytes)                     | 12
 *  +---------------------------------------------------------------+
 *  |                  First Index of the segment                   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Previous Term: term of entry (First Index - 1)         | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 CRC32C of bytes 0 .. 32                       | 32
 *  +---------------------------------------------------------------+
 *  |                       Zero padding                           ... 36 .. 64
 *  +---------------------------------------------------------------+
 * </pre>
 * Frames start at {@link #HEADER_LENGTH}. The previous term lets a log whose prefix was deleted (or
 * reset after a snapshot install) still answer {@code termAt(firstIndex - 1)}, which Raft needs for
 * the consistency check of the first entry it appends.
 */
public final class SegmentDescriptor {
    public static final long MAGIC = 0x31474553474C5052L; // "RPLGSEG1" little-endian
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int SEGMENT_LENGTH_OFFSET = 12;
    public static final int FIRST_INDEX_OFFSET = 16;
    public static final int PREVIOUS_TERM_OFFSET = 24;
    public static final int CRC_OFFSET = 32;
    public static final int HEADER_LENGTH = 64;

    /** 20 digits: every long index, and `ls` sorts segments by index. */
    public static final String SUFFIX = ".wal";
    public static final String TEMP_SUFFIX = ".wal.tmp";

    private SegmentDescriptor() {
    }

    public static String fileName(long firstIndex) {
        return String.format("%020d", firstIndex) + SUFFIX;
    }

    /** The first index a segment file name encodes, or -1 when the name is not a segment's. */
    public static long parseFirstIndex(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, 20));
    }

    public static void write(MutableDirectBuffer buffer, int segmentLengthBytes, long firstIndex, long previousTerm) {
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(VERSION_OFFSET, VERSION);
        buffer.putInt(SEGMENT_LENGTH_OFFSET, segmentLengthBytes);
        buffer.putLong(FIRST_INDEX_OFFSET, firstIndex);
        buffer.putLong(PREVIOUS_TERM_OFFSET, previousTerm);
        buffer.putInt(CRC_OFFSET, crc(buffer));
    }

    private static int crc(DirectBuffer buffer) {
        return Checksums.crc32c(buffer, 0, CRC_OFFSET);
    }

    /**
     * Checks a header against the file it was read from.
     *
     * @return null when the header is valid, otherwise why it is not.
     */
    public static String validate(DirectBuffer buffer, int fileLengthBytes, long expectedFirstIndex) {
        if (fileLengthBytes < HEADER_LENGTH) {
            return "file is " + fileLengthBytes + " bytes, shorter than a segment header";
        }
        if (buffer.getLong(MAGIC_OFFSET) != MAGIC) {
            return "bad magic: not a replog segment";
        }
        if (buffer.getInt(CRC_OFFSET) != crc(buffer)) {
            return "segment header CRC mismatch";
        }
        int version = buffer.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            return "unsupported segment format version " + version + " (this build reads version " + VERSION + ")";
        }
        if (buffer.getInt(SEGMENT_LENGTH_OFFSET) != fileLengthBytes) {
            return "header says " + buffer.getInt(SEGMENT_LENGTH_OFFSET) + " bytes but the file is " + fileLengthBytes;
        }
        if (buffer.getLong(FIRST_INDEX_OFFSET) != expectedFirstIndex) {
            return "header says first index " + buffer.getLong(FIRST_INDEX_OFFSET) + " but the file name says " +
                expectedFirstIndex;
        }
        return null;
    }
}

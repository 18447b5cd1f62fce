package io.replog.wal;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

/**
 * Layout of one log entry in a segment.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Frame Length (header + payload)               |  0  written last, release order
 *  +---------------------------------------------------------------+
 *  |               CRC32C of bytes 8 .. Frame Length               |  4
 *  +---------------------------------------------------------------+
 *  |                            Term                               |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                            Index                              | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                            Type                               | 24
 *  +---------------------------------------------------------------+
 *  |                      Reserved (zero)                          | 28
 *  +---------------------------------------------------------------+
 *  |                         Payload ...                          ... 32
 *  +---------------------------------------------------------------+
 * </pre>
 * The next frame starts at the frame length rounded up to {@link #FRAME_ALIGNMENT}. A length of zero
 * means "nothing written here yet": a segment reads as zeros past its data (its zeros written ahead, or
 * the holes of a sparse spare), so the first zero length is the end of the data. Because the length is published last, a reader that sees a non-zero length
 * sees the whole frame.
 */
public final class FrameDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = 4;
    public static final int TERM_OFFSET = 8;
    public static final int INDEX_OFFSET = 16;
    public static final int TYPE_OFFSET = 24;
    public static final int RESERVED_OFFSET = 28;
    public static final int HEADER_LENGTH = 32;
    public static final int FRAME_ALIGNMENT = 8;
    /** The CRC covers everything after the CRC field. */
    public static final int CRC_COVERED_OFFSET = TERM_OFFSET;

    private FrameDescriptor() {
    }

    /** Bytes a frame with this payload occupies, including alignment padding. */
    public static int alignedLength(int payloadLengthBytes) {
        return BitUtil.align(HEADER_LENGTH + payloadLengthBytes, FRAME_ALIGNMENT);
    }

    /** CRC32C of the frame at {@code position} whose length field is {@code frameLength}. */
    public static int computeCrc(DirectBuffer buffer, int position, int frameLength) {
        return Checksums.crc32c(buffer, position + CRC_COVERED_OFFSET,
            frameLength - CRC_COVERED_OFFSET);
    }
}

package io.replog.wal;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.collections.IntArrayList;

import java.util.ArrayList;
import java.util.List;

import static io.replog.wal.FrameDescriptor.CRC_OFFSET;
import static io.replog.wal.FrameDescriptor.FRAME_ALIGNMENT;
import static io.replog.wal.FrameDescriptor.HEADER_LENGTH;
import static io.replog.wal.FrameDescriptor.INDEX_OFFSET;
import static io.replog.wal.FrameDescriptor.LENGTH_OFFSET;
import static io.replog.wal.FrameDescriptor.TERM_OFFSET;

/**
 * Reads a segment frame by frame and decides, for every frame that fails its checks, whether it is
 * a torn write (safe to cut off) or corruption (never served, never cut off silently).
 * <p>
 * The decision table for a bad frame at position {@code p}:
 * <table>
 * <tr><th>segment</th><th>what follows p</th><th>verdict</th></tr>
 * <tr><td>sealed</td><td>anything</td><td>corruption: sealed segments were forced before the next one was created</td></tr>
 * <tr><td>last</td><td>no valid frame</td><td>torn write: truncate at p</td></tr>
 * <tr><td>last</td><td>valid frames, and p's length and CRC fields are both zero, or a whole 512-byte
 *     sector between p and the next valid frame is zero</td><td>torn write: the disk wrote later sectors
 *     before this one; nothing after p was ever forced (forces cover everything before them), so nothing
 *     after p was acknowledged</td></tr>
 * <tr><td>last</td><td>valid frames, no zero sector</td><td>corruption: a complete frame was damaged</td></tr>
 * </table>
 * Segments are preallocated with zeros (and truncation zeroes and forces what it cuts), so bytes that
 * never reached the disk read as zeros, while damage to a written frame (a flipped bit) leaves its
 * neighbours and most of its own bytes in place. The unit is the sector, not the 4 KiB page: after a
 * power loss a disk may have written any subset of a page's sectors, and a lost sector that lies after
 * p's header is always whole between p and the next valid frame (a frame cannot start in zeros). The
 * price: a flipped bit in a last-segment frame whose payload holds a whole aligned zero sector is
 * judged torn, not corrupt.
 */
public final class SegmentScanner {
    /** The smallest unit a disk writes atomically: what a crash loses, it loses in whole sectors. */
    static final int SECTOR_BYTES = 512;

    private SegmentScanner() {
    }

    /**
     * @param expectedLastIndex the last index a sealed segment must hold (the next segment's first
     *                          index minus one), or -1 for the last segment, whose end is found by scanning.
     */
    public static SegmentScan scan(AtomicBuffer buffer, int lengthBytes, String segment, long firstIndex,
                                   long previousTerm, long expectedLastIndex) {
        boolean last = expectedLastIndex < 0;
        IntArrayList positions = new IntArrayList();
        List<Corruption> corruptions = new ArrayList<>();
        long expected = firstIndex;
        long lastTerm = previousTerm;
        int position = SegmentDescriptor.HEADER_LENGTH;
        while (position + HEADER_LENGTH <= lengthBytes && (last || expected <= expectedLastIndex)) {
            String problem = check(buffer, lengthBytes, position, expected, lastTerm);
            if (problem == null) {
                positions.addInt(position);
                lastTerm = buffer.getLong(position + TERM_OFFSET);
                position += BitUtil.align(buffer.getInt(position + LENGTH_OFFSET), FRAME_ALIGNMENT);
                expected++;
                continue;
            }
            int lastNonZero = lastNonZero(buffer, position, lengthBytes);
            if (problem == END && lastNonZero < 0) {
                break;
            }
            int next = resync(buffer, lengthBytes, position + FRAME_ALIGNMENT, expected);
            if (last && isTorn(buffer, position, next)) {
                int tornBytes = Math.max(0, lastNonZero + 1 - position);
                return new SegmentScan(positions, position, lastTerm, tornBytes, expected, corruptions);
            }
            corruptions.add(new Corruption(expected, segment, position, problem == END ?
                "frame length is zero but data follows it" : problem));
            if (next < 0) {
                // Nothing readable follows (only possible in a sealed segment): the rest cannot be served.
                for (long missing = expected; missing <= expectedLastIndex; missing++) {
                    positions.addInt(SegmentScan.CORRUPT);
                }
                return new SegmentScan(positions, position, lastTerm, 0, expected, corruptions);
            }
            long nextIndex = buffer.getLong(next + INDEX_OFFSET);
            // A sealed segment never holds more entries than the next segment's name leaves room for.
            long stop = last ? nextIndex : Math.min(nextIndex, expectedLastIndex + 1);
            for (long missing = expected; missing < stop; missing++) {
                positions.addInt(SegmentScan.CORRUPT);
            }
            expected = nextIndex;
            position = next;
        }
        if (!last && expected <= expectedLastIndex) {
            corruptions.add(new Corruption(expected, segment, position, "segment ends before index " +
                expectedLastIndex + " (the next segment starts at " + (expectedLastIndex + 1) + ")"));
            for (long missing = expected; missing <= expectedLastIndex; missing++) {
                positions.addInt(SegmentScan.CORRUPT);
            }
        } else if (!last && position + HEADER_LENGTH <= lengthBytes && lastNonZero(buffer, position, lengthBytes) >= 0) {
            corruptions.add(new Corruption(expected, segment, position,
                "data after the last entry of a sealed segment (the next segment starts at " + expected + ")"));
        }
        return new SegmentScan(positions, position, lastTerm, 0, expected, corruptions);
    }

    /** Marker for "length is zero": possibly the clean end of data. */
    private static final String END = "end";

    /** @return null if the frame at {@code position} is valid and holds {@code expectedIndex}, else why not. */
    static String check(AtomicBuffer buffer, int lengthBytes, int position, long expectedIndex, long minTerm) {
        int frameLength = buffer.getIntVolatile(position + LENGTH_OFFSET);
        if (frameLength == 0) {
            return END;
        }
        if (frameLength < HEADER_LENGTH || frameLength > lengthBytes - position) {
            return "frame length " + frameLength + " is out of range";
        }
        int crc = buffer.getInt(position + CRC_OFFSET);
        if (crc != FrameDescriptor.computeCrc(buffer, position, frameLength)) {
            return "CRC mismatch";
        }
        long index = buffer.getLong(position + INDEX_OFFSET);
        if (index != expectedIndex) {
            return "frame holds index " + index + " where index " + expectedIndex + " belongs";
        }
        long term = buffer.getLong(position + TERM_OFFSET);
        if (term < minTerm) {
            return "term " + term + " is lower than the previous entry's term " + minTerm;
        }
        return null;
    }

    /** The next position after {@code from} holding a valid frame with an index at or above {@code minIndex}, or -1. */
    static int resync(AtomicBuffer buffer, int lengthBytes, int from, long minIndex) {
        long maxIndex = minIndex + lengthBytes / HEADER_LENGTH;
        for (int position = from; position + HEADER_LENGTH <= lengthBytes; position += FRAME_ALIGNMENT) {
            int frameLength = buffer.getInt(position + LENGTH_OFFSET);
            if (frameLength < HEADER_LENGTH || frameLength > lengthBytes - position) {
                continue;
            }
            long index = buffer.getLong(position + INDEX_OFFSET);
            if (index < minIndex || index > maxIndex) {
                continue;
            }
            if (buffer.getInt(position + CRC_OFFSET) == FrameDescriptor.computeCrc(buffer, position, frameLength)) {
                return position;
            }
        }
        return -1;
    }

    private static boolean isTorn(AtomicBuffer buffer, int position, int next) {
        if (next < 0) {
            return true;
        }
        if (buffer.getLong(position + LENGTH_OFFSET) == 0) {
            return true; // length and CRC both zero: the frame's first bytes never reached the disk
        }
        for (int sector = BitUtil.align(position, SECTOR_BYTES); sector + SECTOR_BYTES <= next;
             sector += SECTOR_BYTES) {
            if (lastNonZero(buffer, sector, sector + SECTOR_BYTES) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Position of the last non-zero byte in {@code [from, to)}, or -1 if all are zero. */
    static int lastNonZero(AtomicBuffer buffer, int from, int to) {
        int position = to;
        while (position - 8 >= from && (position & 7) != 0) {
            position--;
            if (buffer.getByte(position) != 0) {
                return position;
            }
        }
        while (position - 8 >= from) {
            if (buffer.getLong(position - 8) != 0) {
                for (int i = position - 1; i >= position - 8; i--) {
                    if (buffer.getByte(i) != 0) {
                        return i;
                    }
                }
            }
            position -= 8;
        }
        while (position > from) {
            position--;
            if (buffer.getByte(position) != 0) {
                return position;
            }
        }
        return -1;
    }
}

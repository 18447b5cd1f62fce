package io.replog.replication.pb;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The layout of a primary-backup log entry: a state delta tagged with the primary's epoch and its
 * position in that epoch.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        magic 'pbd1'                           |
 *  +---------------------------------------------------------------+
 *  |                  epoch (the primary's Raft term)              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            counter (1, 2, 3, ... within the epoch)            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     delta (the application's)               ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Little-endian. The epoch is the term in which the primary proposed the delta, so epochs only grow
 * along the log and a new primary's epoch exceeds every earlier one.
 */
final class DeltaDescriptor {
    static final int MAGIC = 0x31646270; // "pbd1" read little-endian
    static final int MAGIC_OFFSET = 0;
    static final int EPOCH_OFFSET = 4;
    static final int COUNTER_OFFSET = 12;
    static final int HEADER_LENGTH = 20;

    private DeltaDescriptor() {
    }

    static void write(MutableDirectBuffer buffer, long epoch, long counter, DirectBuffer delta, int offset, int length) {
        buffer.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(EPOCH_OFFSET, epoch, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(COUNTER_OFFSET, counter, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(HEADER_LENGTH, delta, offset, length);
    }

    /** Throws when the entry at {@code index} is not a primary-backup delta (a log written by something else). */
    static void check(long index, DirectBuffer buffer, int offset, int length) {
        if (length < HEADER_LENGTH || buffer.getInt(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MAGIC) {
            throw new IllegalStateException("the entry at index " + index + " (" + length + " bytes) is not a " +
                "primary-backup delta: this log was written by something other than the primary-backup layer");
        }
    }

    static long epoch(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + EPOCH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    static long counter(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + COUNTER_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}

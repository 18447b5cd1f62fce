package io.replog.wal;

import org.agrona.collections.IntArrayList;

import java.util.List;

/**
 * What a scan of one segment found. Immutable once returned by {@link SegmentScanner}.
 *
 * @param positions     byte position of each entry, in index order from the segment's first index;
 *                      {@link #CORRUPT} for an entry whose frame failed its checks.
 * @param endPosition   where valid data ends: the next frame would be written here.
 * @param lastTerm      term of the last readable entry, or the segment's previous term if none.
 * @param tornBytes     bytes of a torn write found after {@code endPosition} (0 when the tail is clean).
 * @param tornIndex     the index the torn frame would have held (meaningful when {@code tornBytes > 0}).
 * @param corruptions   damaged frames, in file order.
 */
public record SegmentScan(IntArrayList positions, int endPosition, long lastTerm, int tornBytes, long tornIndex,
                          List<Corruption> corruptions) {
    public static final int CORRUPT = -1;

    public int entryCount() {
        return positions.size();
    }
}

package io.replog.wal;

import java.util.List;

/**
 * What opening a log found and repaired.
 *
 * @param tornBytesTruncated bytes of a torn write cut off the end of the last segment.
 * @param tornIndex          the index the torn frame would have held (when {@code tornBytesTruncated > 0}).
 * @param tempFilesRemoved   segment files left half-created by a crash, deleted.
 * @param corruptions        damaged frames found in the last segment (sealed segments are checked when first read).
 */
public record RecoveryReport(long firstIndex, long lastIndex, int segmentCount, int tornBytesTruncated,
                             long tornIndex, List<String> tempFilesRemoved, List<Corruption> corruptions) {
}

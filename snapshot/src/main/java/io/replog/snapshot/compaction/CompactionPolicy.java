package io.replog.snapshot.compaction;

import java.util.List;

/**
 * When to take a snapshot (so that compaction can follow), and how much log to keep behind it.
 *
 * @param snapshotEveryEntries  take a snapshot once this many entries were applied since the last
 *                              one; 0 disables the trigger.
 * @param snapshotEveryLogBytes take a snapshot once the segments holding entries after the last
 *                              snapshot reach this many bytes; 0 disables the trigger.
 * @param retainEntries         entries at or below a snapshot's index that compaction keeps, so a
 *                              follower slightly behind is served from the log, not sent a snapshot.
 */
public record CompactionPolicy(long snapshotEveryEntries, long snapshotEveryLogBytes, long retainEntries) {
    public CompactionPolicy {
        if (snapshotEveryEntries < 0 || snapshotEveryLogBytes < 0 || retainEntries < 0) {
            throw new IllegalArgumentException("compaction policy values must be >= 0: every " + snapshotEveryEntries +
                " entries, every " + snapshotEveryLogBytes + " bytes, retain " + retainEntries);
        }
    }

    /** Whether the log has grown enough since the snapshot at {@code lastSnapshotIndex} (0: none). */
    public boolean shouldSnapshot(long lastSnapshotIndex, long lastAppliedIndex, List<SegmentDescription> segments) {
        long entriesSince = lastAppliedIndex - lastSnapshotIndex;
        if (entriesSince <= 0) {
            return false;
        }
        if (snapshotEveryEntries > 0 && entriesSince >= snapshotEveryEntries) {
            return true;
        }
        return snapshotEveryLogBytes > 0 && logBytesAfter(segments, lastSnapshotIndex) >= snapshotEveryLogBytes;
    }

    /** Bytes of the segments holding any entry after {@code index}: what a new snapshot would let go. */
    public static long logBytesAfter(List<SegmentDescription> segments, long index) {
        long bytes = 0;
        for (SegmentDescription segment : segments) {
            if (segment.lastIndex() > index) {
                bytes += segment.lengthBytes();
            }
        }
        return bytes;
    }
}

package io.replog.snapshot.compaction;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which log segments a durable snapshot makes redundant. Pure: it reads a list of segment
 * descriptions and returns a {@link CompactionPlan}; {@link Compactor} carries it out.
 */
public final class CompactionPlanner {
    private CompactionPlanner() {
    }

    /**
     * @param segments      the log's segments, oldest first, the last one open.
     * @param snapshotIndex last index included in a durable snapshot.
     * @param retainEntries entries at or below the snapshot index to keep for slow followers.
     * @throws IllegalStateException when the segments do not form one contiguous log: compacting
     *                               a log with a hole could hide it.
     */
    public static CompactionPlan plan(List<SegmentDescription> segments, long snapshotIndex, long retainEntries) {
        if (snapshotIndex < 0 || retainEntries < 0) {
            throw new IllegalArgumentException("snapshot index and retained entries must be >= 0: snapshot index " +
                snapshotIndex + ", retain " + retainEntries);
        }
        requireContiguous(segments);
        long lastDeletableIndex = snapshotIndex - retainEntries;
        List<SegmentDescription> toDelete = new ArrayList<>();
        List<SegmentDescription> kept = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            SegmentDescription segment = segments.get(i);
            boolean sealed = i < segments.size() - 1;
            if (sealed && kept.isEmpty() && segment.lastIndex() <= lastDeletableIndex) {
                toDelete.add(segment);
            } else {
                kept.add(segment);
            }
        }
        long firstIndexAfter = kept.isEmpty() ? snapshotIndex + 1 : kept.get(0).firstIndex();
        return new CompactionPlan(snapshotIndex, retainEntries, Math.max(1, lastDeletableIndex + 1), toDelete, kept,
            firstIndexAfter);
    }

    private static void requireContiguous(List<SegmentDescription> segments) {
        for (int i = 1; i < segments.size(); i++) {
            SegmentDescription previous = segments.get(i - 1);
            SegmentDescription segment = segments.get(i);
            if (segment.firstIndex() != previous.lastIndex() + 1) {
                throw new IllegalStateException("the log is not contiguous: " + previous.name() + " ends at index " +
                    previous.lastIndex() + " but " + segment.name() + " starts at " + segment.firstIndex() +
                    "; refusing to compact, run `replog log-inspect --verify`");
            }
        }
    }
}

package io.replog.snapshot.compaction;

import java.util.List;

/**
 * What compacting a log behind a snapshot at {@code snapshotIndex} deletes, decided before anything
 * is deleted. Invariants: every deleted segment is sealed and ends at or below
 * {@code snapshotIndex - retainEntries}; the deleted segments are a prefix of the log; the log
 * afterwards starts at {@code firstIndexAfter <= snapshotIndex + 1}, so snapshot and log leave no gap.
 */
public record CompactionPlan(long snapshotIndex, long retainEntries, long deleteBeforeIndex,
    List<SegmentDescription> segmentsToDelete, List<SegmentDescription> segmentsKept, long firstIndexAfter) {

    public CompactionPlan {
        segmentsToDelete = List.copyOf(segmentsToDelete);
        segmentsKept = List.copyOf(segmentsKept);
    }

    public boolean deletesAnything() {
        return !segmentsToDelete.isEmpty();
    }

    public long bytesToFree() {
        return segmentsToDelete.stream().mapToLong(SegmentDescription::lengthBytes).sum();
    }

    /** Entries the deleted segments hold. */
    public long entriesToDelete() {
        return segmentsToDelete.stream().mapToLong(s -> s.lastIndex() - s.firstIndex() + 1).sum();
    }
}

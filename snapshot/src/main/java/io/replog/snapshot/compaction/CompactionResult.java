package io.replog.snapshot.compaction;

/**
 * What a compaction did, or with {@code dryRun} would do.
 *
 * @param snapshotFileName the snapshot that covered the deleted entries.
 * @param firstIndexAfter  the log's first index afterwards (as planned, for a dry run).
 */
public record CompactionResult(String snapshotFileName, CompactionPlan plan, boolean dryRun, long firstIndexAfter) {
    public boolean deletedAnything() {
        return !dryRun && plan.deletesAnything();
    }
}

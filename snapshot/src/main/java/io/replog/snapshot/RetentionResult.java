package io.replog.snapshot;

import java.util.List;

/**
 * What {@link SnapshotStore#retain(int)} did. Damaged snapshots are reported in
 * {@code damagedKept}: they are evidence for an operator, so retention never deletes them.
 */
public record RetentionResult(List<String> kept, List<String> deletedSnapshots, List<String> deletedTemporaryFiles,
    List<String> damagedKept) {

    public RetentionResult {
        kept = List.copyOf(kept);
        deletedSnapshots = List.copyOf(deletedSnapshots);
        deletedTemporaryFiles = List.copyOf(deletedTemporaryFiles);
        damagedKept = List.copyOf(damagedKept);
    }
}

package io.replog.snapshot.compaction;

import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotListing;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.VerifyResult;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Deletes the log segments that a durable snapshot covers.
 * <p>
 * Crash safety rests on order, not on this class: the snapshot is durable (forced, renamed,
 * directory synced) before any segment is deleted, and the log deletes a prefix, oldest segment
 * first. A crash part-way therefore leaves the new snapshot and a log starting at or below
 * {@code snapshotIndex - retain + 1}: never a gap.
 * <p>
 * Threading: call it on the thread that owns the log (the node's duty cycle), for example when
 * the future of {@code SnapshotTaker.maybeTake} has completed, not from the snapshot thread: the
 * log's zero-copy reads are valid only until their segment is deleted.
 */
public final class Compactor {
    private Compactor() {
    }

    /**
     * Compacts behind a snapshot the caller knows is durable: the {@link SnapshotInfo} returned by
     * {@code SnapshotWriter.commit()}.
     */
    public static CompactionResult compactAfter(SnapshotInfo durableSnapshot, CompactableLog log, long retainEntries,
        boolean dryRun) throws IOException {
        CompactionPlan plan = CompactionPlanner.plan(log.segments(), durableSnapshot.lastIncludedIndex(),
            retainEntries);
        if (dryRun || !plan.deletesAnything()) {
            return new CompactionResult(durableSnapshot.fileName(), plan, dryRun, plan.firstIndexAfter());
        }
        long firstIndexAfter = log.deleteBefore(plan.deleteBeforeIndex());
        if (firstIndexAfter > durableSnapshot.lastIncludedIndex() + 1) {
            throw new IllegalStateException("after compacting behind " + durableSnapshot.fileName() + " the log " +
                "starts at index " + firstIndexAfter + ", past the snapshot's " + durableSnapshot.lastIncludedIndex() +
                " + 1: entries are missing; this is a bug in the log's deleteBefore");
        }
        return new CompactionResult(durableSnapshot.fileName(), plan, false, firstIndexAfter);
    }

    /**
     * Compacts behind the newest snapshot in {@code store} that passes a full read (every chunk, the
     * trailer), for the offline {@code replog snapshot compact}: deleting log is irreversible, so a
     * snapshot that merely looks complete is not enough. Empty when no snapshot verifies.
     */
    public static Optional<CompactionResult> compactToNewestVerified(SnapshotStore store, CompactableLog log,
        long retainEntries, boolean dryRun) throws IOException {
        List<SnapshotListing> listings = store.list();
        for (int i = listings.size() - 1; i >= 0; i--) {
            if (listings.get(i).valid()) {
                VerifyResult verified = store.verify(listings.get(i).fileName());
                if (verified.valid()) {
                    return Optional.of(compactAfter(verified.info(), log, retainEntries, dryRun));
                }
            }
        }
        return Optional.empty();
    }
}

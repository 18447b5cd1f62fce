package io.replog.replication.node;

/**
 * The entries a {@link CommittedReader} wants are no longer in the node's log: they were compacted
 * into a snapshot (or the node installed one from its leader). Load the snapshot and read on from
 * {@link #resumeIndex()}.
 */
public final class EntriesCompactedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long wantedIndex;
    private final long resumeIndex;
    private final String snapshotFile;

    EntriesCompactedException(int nodeId, long wantedIndex, long firstIndex, long snapshotIndex, String snapshotFile) {
        super("node " + nodeId + ": entry " + wantedIndex + " is no longer in the log, which starts at index " + firstIndex +
            "; the snapshot " + snapshotFile + " covers every entry up to " + snapshotIndex +
            ": restore it, then read from index " + (snapshotIndex + 1));
        this.wantedIndex = wantedIndex;
        this.resumeIndex = snapshotIndex + 1;
        this.snapshotFile = snapshotFile;
    }

    private EntriesCompactedException(EntriesCompactedException original) {
        super(original.getMessage(), original);
        this.wantedIndex = original.wantedIndex;
        this.resumeIndex = original.resumeIndex;
        this.snapshotFile = original.snapshotFile;
    }

    /** The same failure, thrown anew on the reader's thread with the node's as its cause. */
    EntriesCompactedException copy() {
        return new EntriesCompactedException(this);
    }

    public long wantedIndex() {
        return wantedIndex;
    }

    /** Where to read on after restoring the snapshot. */
    public long resumeIndex() {
        return resumeIndex;
    }

    /** The snapshot file (in the node directory's {@code snapshots/}) that holds the missing entries' effect. */
    public String snapshotFile() {
        return snapshotFile;
    }
}

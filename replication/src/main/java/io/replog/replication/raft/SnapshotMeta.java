package io.replog.replication.raft;

/** Identifies a snapshot: the last log entry it includes and the membership at that point. */
public record SnapshotMeta(long index, long term, Configuration configuration) {
    @Override
    public String toString() {
        return term + "/" + index;
    }
}

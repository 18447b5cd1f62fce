package io.replog.replication.raft;

/**
 * A snapshot as the core sees it: what it covers ({@link #meta()}), how long its bytes are and a
 * checksum that names those bytes. The bytes themselves stay with the host (a file): the core never
 * holds a whole snapshot, only the chunks it streams to a follower, read through
 * {@link LogStorage#readSnapshot}, and the chunks a follower hands back to its host to write.
 * <p>
 * Two snapshots with equal meta, length and checksum are taken to hold the same bytes; that is what
 * lets a follower resume an interrupted transfer, even from another leader that holds a byte-identical
 * copy. The host verifies a received snapshot completely before installing it
 * ({@link RaftNode#incomingSnapshotVerified}), so a checksum collision costs a restart, never a bad install.
 */
public record Snapshot(SnapshotMeta meta, long lengthBytes, long checksum) {
    public Snapshot {
        if (lengthBytes < 0) {
            throw new IllegalArgumentException("snapshot " + meta + " has a negative length " + lengthBytes);
        }
    }

    public long index() {
        return meta.index();
    }

    public long term() {
        return meta.term();
    }

    /** Whether {@code other} names the same bytes (same index, term, length and checksum). */
    public boolean sameBytes(Snapshot other) {
        return other != null && index() == other.index() && term() == other.term() && lengthBytes == other.lengthBytes
            && checksum == other.checksum;
    }

    @Override
    public String toString() {
        return "snapshot " + meta + " (" + lengthBytes + " bytes)";
    }
}

package io.replog.replication.raft;

/**
 * Bytes of a snapshot a follower received in order, for its host to write at {@code offsetBytes}
 * of the partial file of {@link #snapshot()} (a chunk at offset 0 starts a new partial file and
 * discards any other). The data array is shared with the message it came in, never modified.
 */
public record SnapshotChunk(Snapshot snapshot, long offsetBytes, byte[] data) {
    /** Whether these bytes complete the snapshot: the host then verifies it and reports back. */
    public boolean completes() {
        return offsetBytes + data.length == snapshot.lengthBytes();
    }

    @Override
    public String toString() {
        return snapshot.meta() + " offset=" + offsetBytes + " bytes=" + data.length + (completes() ? " complete" : "");
    }
}

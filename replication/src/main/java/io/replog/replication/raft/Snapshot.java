package io.replog.replication.raft;

/**
 * A state machine image covering every entry up to {@code meta.index()}. The bytes are opaque
 * to the core, which only cuts them into InstallSnapshot chunks and reassembles them.
 */
public record Snapshot(SnapshotMeta meta, byte[] data) {
    public long index() {
        return meta.index();
    }

    public long term() {
        return meta.term();
    }

    @Override
    public String toString() {
        return "snapshot " + meta + " (" + data.length + " bytes)";
    }
}

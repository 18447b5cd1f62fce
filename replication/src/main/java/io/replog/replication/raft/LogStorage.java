package io.replog.replication.raft;

/**
 * The host's durable log, as the core reads it. The core never writes through this interface:
 * it hands entries, snapshot chunks and snapshots to persist out in {@link Ready}, and the host
 * makes them visible here once they are written (before {@link RaftNode#advance(Ready)}).
 * <p>
 * Invariants the host keeps: entries are contiguous from {@link #firstIndex()} to
 * {@link #lastIndex()}; {@link #term(long)} is answered for every index from {@code firstIndex() - 1}
 * to {@code lastIndex()}; with a snapshot, {@code firstIndex() - 1 <= snapshot().index() <= lastIndex()}
 * (the log may keep entries the snapshot covers, so lagging followers can be served from them); without
 * one, {@code firstIndex() == 1}.
 */
public interface LogStorage {
    long firstIndex();

    long lastIndex();

    /** Term of the entry at {@code index}, for {@code firstIndex() - 1 <= index <= lastIndex()}. */
    long term(long index);

    /** The entry at {@code index}, for {@code firstIndex() <= index <= lastIndex()}. */
    LogEntry entry(long index);

    /** The newest durable snapshot, or null when there is none. Cheap: a description, not the bytes. */
    Snapshot snapshot();

    /**
     * Up to {@code maxLengthBytes} bytes of {@code snapshot} from {@code offsetBytes} (fewer only at its
     * end), read where the host keeps it (a positioned file read); called when the core streams a
     * chunk to a follower. {@code snapshot} is the current {@link #snapshot()}.
     */
    byte[] readSnapshot(Snapshot snapshot, long offsetBytes, int maxLengthBytes);

    /** The snapshot this node was receiving from a leader when it stopped, or null. */
    default PartialSnapshot partialSnapshot() {
        return null;
    }
}

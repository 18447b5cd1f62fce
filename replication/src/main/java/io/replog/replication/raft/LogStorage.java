package io.replog.replication.raft;

/**
 * The host's durable log, as the core reads it. The core never writes through this interface:
 * it hands entries and snapshots to persist out in {@link Ready}, and the host makes them visible
 * here once they are written (before {@link RaftNode#advance(Ready)}).
 * <p>
 * Invariants the host keeps: entries are contiguous from {@link #firstIndex()} to
 * {@link #lastIndex()}; {@code firstIndex() - 1} is the index of {@link #snapshot()} (0 if none);
 * {@link #term(long)} is answered for every index from {@code firstIndex() - 1} to
 * {@code lastIndex()}.
 */
public interface LogStorage {
    long firstIndex();

    long lastIndex();

    /** Term of the entry at {@code index}, for {@code firstIndex() - 1 <= index <= lastIndex()}. */
    long term(long index);

    /** The entry at {@code index}, for {@code firstIndex() <= index <= lastIndex()}. */
    LogEntry entry(long index);

    /** The newest snapshot, or null when the log was never compacted. */
    Snapshot snapshot();
}

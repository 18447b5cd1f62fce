package io.replog.replication.sim;

import java.nio.ByteBuffer;

/**
 * The replicated service of the simulation: it folds each delivered proposal id into a running
 * hash. Its snapshot is {@code appliedIndex | deliveredCount | stateHash}, so a node restored from
 * a snapshot can be compared with the common delivered sequence at that index.
 * <p>
 * Invariant: {@code appliedIndex} only grows by one per {@link #apply}, or jumps by {@link #restore}.
 */
final class StateMachine {
    static final int SNAPSHOT_BYTES = 24;

    private long appliedIndex;
    private long deliveredCount;
    private long stateHash;

    void apply(long index, long proposalId) {
        if (index != appliedIndex + 1) {
            throw new IllegalStateException("applying index " + index + " after " + appliedIndex + ": a gap or a duplicate");
        }
        appliedIndex = index;
        if (proposalId != 0) {
            deliveredCount++;
            stateHash = fold(stateHash, proposalId);
        }
    }

    static long fold(long hash, long proposalId) {
        long mixed = (hash ^ proposalId) * 0x9E3779B97F4A7C15L;
        return mixed ^ (mixed >>> 29);
    }

    byte[] snapshot() {
        return ByteBuffer.allocate(SNAPSHOT_BYTES).putLong(appliedIndex).putLong(deliveredCount).putLong(stateHash).array();
    }

    void restore(byte[] snapshot) {
        ByteBuffer buffer = ByteBuffer.wrap(snapshot);
        appliedIndex = buffer.getLong();
        deliveredCount = buffer.getLong();
        stateHash = buffer.getLong();
    }

    void reset() {
        appliedIndex = 0;
        deliveredCount = 0;
        stateHash = 0;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long deliveredCount() {
        return deliveredCount;
    }

    long stateHash() {
        return stateHash;
    }
}

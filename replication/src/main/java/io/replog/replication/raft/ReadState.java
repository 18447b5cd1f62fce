package io.replog.replication.raft;

/**
 * A linearizable read was confirmed: once the host has applied up to {@code index}, it may answer
 * the read identified by {@code context}.
 */
public record ReadState(long index, long context) {
    @Override
    public String toString() {
        return "read context=" + context + " index=" + index;
    }
}

package io.replog.replication.node;

/**
 * What a node did with snapshots and its entry arena, for operators and tests. Written by the node's thread only; the
 * volatile fields may be read from any thread. Counts start at zero with every start of the node.
 */
public final class NodeCounters {
    volatile long chunkBytesSent;
    volatile long chunkBytesReceived;
    volatile long partialBytesAtStart;
    volatile long snapshotsInstalled;
    volatile long verificationFailures;
    volatile long arenaFallbacks;
    volatile long listenerFailures;

    /** Snapshot bytes this node sent to followers in InstallSnapshot chunks (resent ones included). */
    public long chunkBytesSent() {
        return chunkBytesSent;
    }

    /** Snapshot bytes this node received in order and wrote to its partial snapshot file. */
    public long chunkBytesReceived() {
        return chunkBytesReceived;
    }

    /** Bytes of a partial snapshot found on disk at start: the transfer resumes after them. */
    public long partialBytesAtStart() {
        return partialBytesAtStart;
    }

    /** Snapshots received from a leader and installed (state restored, log reset). */
    public long snapshotsInstalled() {
        return snapshotsInstalled;
    }

    /** Received snapshots that failed their checks when complete (discarded, received again). */
    public long verificationFailures() {
        return verificationFailures;
    }

    /**
     * Received or appended entries the entry arena could not hold without allocating (it was full, or all its
     * recycled views were taken): they got an array or a view object of their own (garbage, never wrong).
     */
    public long arenaFallbacks() {
        return arenaFallbacks;
    }

    /** Exceptions an {@link AppendListener} threw (each was otherwise ignored). */
    public long listenerFailures() {
        return listenerFailures;
    }

    @Override
    public String toString() {
        return "NodeCounters{chunkBytesSent=" + chunkBytesSent + ", chunkBytesReceived=" + chunkBytesReceived +
            ", partialBytesAtStart=" + partialBytesAtStart + ", snapshotsInstalled=" + snapshotsInstalled +
            ", verificationFailures=" + verificationFailures + ", arenaFallbacks=" + arenaFallbacks +
            ", listenerFailures=" + listenerFailures + '}';
    }
}

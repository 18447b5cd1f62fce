package io.replog.replication.raft;

/**
 * Tunables of one node. Times are in ticks: the core has no clock, the host calls
 * {@link RaftNode#tick()} at a fixed period.
 *
 * @param id                       this node's id (positive).
 * @param configuration            bootstrap membership, used until a snapshot carries a newer one.
 * @param electionTimeoutTicks     base election timeout; the randomized timeout is drawn from
 *                                 {@code [electionTimeoutTicks, 2 * electionTimeoutTicks)}.
 * @param heartbeatIntervalTicks   leader heartbeat period; must be below the election timeout.
 * @param preVote                  ask for pre-votes before incrementing the term.
 * @param checkQuorum              leaders step down without a live majority, followers with a live
 *                                 leader ignore vote requests (leader lease).
 * @param maxEntriesPerAppend      cap on entries in one AppendEntries.
 * @param maxBytesPerAppend        cap on payload bytes in one AppendEntries (at least one entry is sent).
 * @param maxInflightAppends       per follower: AppendEntries sent and not yet acknowledged.
 * @param maxInflightBytes         per follower: payload bytes sent and not yet acknowledged (0 = unbounded).
 * @param snapshotChunkBytes       bytes per InstallSnapshot chunk.
 * @param maxApplyBytesPerReady    cap on committed entry bytes handed out per {@link Ready}.
 * @param maxSnapshotInflightBytes per follower: snapshot bytes sent and not yet acknowledged as durable
 *                                 (at least one chunk is always allowed).
 * @param maxSnapshotBytesPerTick  leader-wide: snapshot bytes it may send per tick, over all followers,
 *                                 so that a transfer never starves heartbeats and appends (0 = unbounded).
 */
public record RaftConfig(
    int id,
    Configuration configuration,
    int electionTimeoutTicks,
    int heartbeatIntervalTicks,
    boolean preVote,
    boolean checkQuorum,
    int maxEntriesPerAppend,
    long maxBytesPerAppend,
    int maxInflightAppends,
    long maxInflightBytes,
    int snapshotChunkBytes,
    long maxApplyBytesPerReady,
    long maxSnapshotInflightBytes,
    long maxSnapshotBytesPerTick) {

    public RaftConfig {
        if (id <= 0) {
            throw new IllegalArgumentException("node id must be positive, got " + id);
        }
        if (heartbeatIntervalTicks <= 0 || electionTimeoutTicks <= heartbeatIntervalTicks) {
            throw new IllegalArgumentException("need 0 < heartbeatIntervalTicks < electionTimeoutTicks, got "
                + heartbeatIntervalTicks + " and " + electionTimeoutTicks);
        }
        if (maxEntriesPerAppend <= 0 || maxInflightAppends <= 0 || snapshotChunkBytes <= 0 || maxBytesPerAppend <= 0) {
            throw new IllegalArgumentException("append, in-flight and chunk limits must be positive");
        }
        if (maxSnapshotInflightBytes <= 0 || maxSnapshotBytesPerTick < 0) {
            throw new IllegalArgumentException("need maxSnapshotInflightBytes > 0 and maxSnapshotBytesPerTick >= 0, got "
                + maxSnapshotInflightBytes + " and " + maxSnapshotBytesPerTick);
        }
    }

    /** Defaults: timeout 10 ticks, heartbeat 1 tick, pre-vote and check-quorum on, 4 snapshot chunks in flight. */
    public static RaftConfig defaults(int id, Configuration configuration) {
        return new RaftConfig(id, configuration, 10, 1, true, true, 64, 1 << 20, 256, 16L << 20, 64 * 1024, 4L << 20,
            4 * 64 * 1024, 0);
    }

    public RaftConfig withTimeouts(int electionTicks, int heartbeatTicks) {
        return new RaftConfig(id, configuration, electionTicks, heartbeatTicks, preVote, checkQuorum, maxEntriesPerAppend,
            maxBytesPerAppend, maxInflightAppends, maxInflightBytes, snapshotChunkBytes, maxApplyBytesPerReady,
            maxSnapshotInflightBytes, maxSnapshotBytesPerTick);
    }

    public RaftConfig withElectionOptions(boolean preVoteEnabled, boolean checkQuorumEnabled) {
        return new RaftConfig(id, configuration, electionTimeoutTicks, heartbeatIntervalTicks, preVoteEnabled, checkQuorumEnabled,
            maxEntriesPerAppend, maxBytesPerAppend, maxInflightAppends, maxInflightBytes, snapshotChunkBytes, maxApplyBytesPerReady,
            maxSnapshotInflightBytes, maxSnapshotBytesPerTick);
    }

    public RaftConfig withFlowControl(int entriesPerAppend, long bytesPerAppend, int inflightAppends, long inflightBytes) {
        return new RaftConfig(id, configuration, electionTimeoutTicks, heartbeatIntervalTicks, preVote, checkQuorum,
            entriesPerAppend, bytesPerAppend, inflightAppends, inflightBytes, snapshotChunkBytes, maxApplyBytesPerReady,
            maxSnapshotInflightBytes, maxSnapshotBytesPerTick);
    }

    public RaftConfig withSnapshotChunkBytes(int chunkBytes) {
        return new RaftConfig(id, configuration, electionTimeoutTicks, heartbeatIntervalTicks, preVote, checkQuorum,
            maxEntriesPerAppend, maxBytesPerAppend, maxInflightAppends, maxInflightBytes, chunkBytes, maxApplyBytesPerReady,
            maxSnapshotInflightBytes, maxSnapshotBytesPerTick);
    }

    /** Snapshot streaming: chunk size, bytes in flight per follower, bytes per tick over all followers (0 = unbounded). */
    public RaftConfig withSnapshotFlowControl(int chunkBytes, long inflightBytes, long bytesPerTick) {
        return new RaftConfig(id, configuration, electionTimeoutTicks, heartbeatIntervalTicks, preVote, checkQuorum,
            maxEntriesPerAppend, maxBytesPerAppend, maxInflightAppends, maxInflightBytes, chunkBytes, maxApplyBytesPerReady,
            inflightBytes, bytesPerTick);
    }
}

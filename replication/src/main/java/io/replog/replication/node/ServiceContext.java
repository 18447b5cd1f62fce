package io.replog.replication.node;

import io.replog.replication.StateMachine;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Role;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** What a {@link NodeService} sees of its node, on the node's thread (see {@link NodeContext}). */
final class ServiceContext implements NodeContext {
    private final NodeConfig config;
    private final RaftNode raft;
    private final NodeState state;
    private final PendingRequests pending;
    private final NodeLogStorage log;
    private final NodeSnapshots snapshots;
    private final Supplier<NotLeaderException> notLeader;

    ServiceContext(NodeConfig config, RaftNode raft, NodeState state, PendingRequests pending, NodeLogStorage log,
                   NodeSnapshots snapshots, Supplier<NotLeaderException> notLeader) {
        this.config = config;
        this.raft = raft;
        this.state = state;
        this.pending = pending;
        this.log = log;
        this.snapshots = snapshots;
        this.notLeader = notLeader;
    }

    @Override
    public int nodeId() {
        return config.id();
    }

    @Override
    public Role role() {
        return raft.role();
    }

    @Override
    public long term() {
        return raft.term();
    }

    @Override
    public long commitIndex() {
        return raft.commitIndex();
    }

    @Override
    public long appliedIndex() {
        return state.appliedIndex();
    }

    @Override
    public boolean leaderReady() {
        long applied = state.appliedIndex();
        return raft.role() == Role.LEADER && applied > 0 && raft.termAt(applied) == raft.term();
    }

    @Override
    public long propose(byte[] entry, CompletableFuture<CommitResult> result) {
        if (!raft.propose(entry)) {
            return 0;
        }
        long index = raft.lastIndex();
        pending.append(index, raft.term(), result);
        return index;
    }

    @Override
    public boolean readIndex(CompletableFuture<Long> result) {
        long readId = pending.nextReadContext();
        if (!raft.readIndex(readId)) {
            return false;
        }
        pending.read(readId, result);
        return true;
    }

    @Override
    public NotLeaderException notLeader() {
        return notLeader.get();
    }

    @Override
    public long replayCommitted(StateMachine target) throws IOException {
        long snapshotIndex = log.snapshotIndex();
        if (snapshotIndex > 0) {
            snapshots.restore(log.snapshotFile(), target);
        }
        UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
        for (long index = snapshotIndex + 1, applied = state.appliedIndex(); index <= applied; index++) {
            LogEntry entry = log.entry(index);
            if (entry.sizeBytes() > 0) {
                target.apply(index, entry.wrapPayload(view), 0, entry.sizeBytes());
            }
        }
        return snapshotIndex;
    }
}

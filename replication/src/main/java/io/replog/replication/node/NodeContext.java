package io.replog.replication.node;

import io.replog.replication.StateMachine;
import io.replog.replication.raft.Role;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** What a {@link NodeService} may see and do, on the node's thread only. */
public interface NodeContext {
    int nodeId();

    Role role();

    long term();

    long commitIndex();

    long appliedIndex();

    /**
     * True when this node leads and has applied an entry of its own term: every entry committed by an
     * earlier leader is then applied here, so state read now includes all of them.
     */
    boolean leaderReady();

    /**
     * Appends {@code entry} to the log as leader. {@code result} completes once the entry is committed
     * and applied here, or fails when another entry takes its index.
     *
     * @return the entry's index, or 0 when this node is not the leader (then {@code result} is untouched).
     */
    long propose(byte[] entry, CompletableFuture<CommitResult> result);

    /**
     * Confirms leadership with a quorum (ReadIndex); {@code result} completes with the commit index once
     * this node has applied up to it.
     *
     * @return false when this node is not the leader (then {@code result} is untouched).
     */
    boolean readIndex(CompletableFuture<Long> result);

    /** The failure to give a caller that needs the leader: names the leader when one is known. */
    NotLeaderException notLeader();

    /**
     * Rebuilds {@code target} from this node's newest snapshot and its committed log up to the applied
     * index, through {@link StateMachine#restore} and {@link StateMachine#apply}. The caller resets the
     * target first when it has state of its own.
     *
     * @return the index of the snapshot restored, 0 when there was none.
     */
    long replayCommitted(StateMachine target) throws IOException;
}

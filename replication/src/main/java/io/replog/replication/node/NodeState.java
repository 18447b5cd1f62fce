package io.replog.replication.node;

import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Role;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the node's thread publishes for other threads: role, term, leader, commit and apply indexes. */
final class NodeState {
    private final List<NodeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Role role = Role.FOLLOWER;
    private volatile long term;
    private volatile int leaderId;
    private volatile long commitIndex;
    private volatile long appliedIndex;
    private volatile Throwable failure;
    private volatile boolean halted;
    private volatile long logFirstIndex;

    void publish(RaftNode raft, int nodeId) {
        committed(raft.commitIndex());
        if (raft.role() != role || raft.term() != term || raft.leaderId() != leaderId) {
            role = raft.role();
            term = raft.term();
            leaderId = raft.leaderId();
            for (NodeListener listener : listeners) {
                listener.onRoleChange(nodeId, role, term, leaderId);
            }
        }
    }

    /**
     * Publishes the commit index; the node's thread calls it ahead of applying (and acknowledging) what it
     * commits, so that another thread that sees an append acknowledged also sees a commit index that covers
     * it. Never moves back (at start it is the snapshot's index, which the core's may not yet have reached).
     */
    void committed(long index) {
        if (index > commitIndex) {
            commitIndex = index;
        }
    }

    void applied(long index) {
        appliedIndex = index;
    }

    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    void halt() {
        halted = true;
    }

    boolean halted() {
        return halted;
    }

    Throwable failure() {
        return failure;
    }

    void addListener(NodeListener listener) {
        listeners.add(listener);
    }

    Role role() {
        return role;
    }

    long term() {
        return term;
    }

    int leaderId() {
        return leaderId;
    }

    long commitIndex() {
        return commitIndex;
    }

    void logFirstIndex(long index) {
        logFirstIndex = index;
    }

    long logFirstIndex() {
        return logFirstIndex;
    }

    long appliedIndex() {
        return appliedIndex;
    }
}

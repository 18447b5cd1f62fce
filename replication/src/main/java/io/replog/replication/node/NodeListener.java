package io.replog.replication.node;

import io.replog.replication.raft.Role;

/** Told about role and leader changes, on the node's thread: return quickly. */
@FunctionalInterface
public interface NodeListener {
    void onRoleChange(int nodeId, Role role, long term, int leaderId);
}

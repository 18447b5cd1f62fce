package io.replog.replication.node;

import io.replog.replication.raft.Role;

/**
 * Work that runs on the node's own thread, beside Raft, for layers that must act in step with the
 * log — the primary-backup layer executes requests, proposes their deltas and rolls back from here.
 * Every method is called from the node's thread; none may block.
 */
public interface NodeService {
    /**
     * Called when the node's role or term changed, before the entries of the {@link io.replog.replication.raft.Ready}
     * that revealed the change are persisted or applied: a layer that applied entries speculatively can
     * still roll them back before the committed ones arrive.
     */
    void onRoleChange(NodeContext context, Role role, long term);

    /** One slice of work per duty cycle; returns how much was done (0 lets the node idle). */
    int doWork(NodeContext context);

    /** The node is stopping (cleanly or not); pending work must be failed, not waited for. */
    default void onClose() {
    }
}

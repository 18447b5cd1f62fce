package io.replog.replication.raft;

/** The role a node plays in its current term. */
public enum Role {
    FOLLOWER,
    /** Asking for pre-votes at term + 1 without incrementing its own term (pre-vote extension). */
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}

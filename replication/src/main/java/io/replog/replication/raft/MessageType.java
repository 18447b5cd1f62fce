package io.replog.replication.raft;

/** The kinds of message Raft nodes exchange. */
public enum MessageType {
    PRE_VOTE,
    PRE_VOTE_RESPONSE,
    VOTE,
    VOTE_RESPONSE,
    APPEND,
    APPEND_RESPONSE,
    HEARTBEAT,
    HEARTBEAT_RESPONSE,
    INSTALL_SNAPSHOT,
    INSTALL_SNAPSHOT_RESPONSE,
    /** Leadership transfer: the receiver campaigns at once, bypassing pre-vote and leases. */
    TIMEOUT_NOW;

    public boolean isVoteRequest() {
        return this == VOTE || this == PRE_VOTE;
    }
}

package io.replog.replication.node;

/** The request needs the leader and this node is not it. Retry on {@link #leaderId()} (0: unknown yet). */
public final class NotLeaderException extends RuntimeException {
    private final int leaderId;

    public NotLeaderException(int selfId, int leaderId, String leaderEndpoint) {
        super("node " + selfId + " is not the leader; " + (leaderId == 0 ? "no leader is known yet, retry shortly" :
            "the leader is node " + leaderId + " at " + leaderEndpoint));
        this.leaderId = leaderId;
    }

    public int leaderId() {
        return leaderId;
    }
}

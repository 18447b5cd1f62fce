package io.replog.replication.raft;

/**
 * What a node must persist before it says anything that depends on it: its current term, the
 * candidate it voted for in that term ({@link RaftNode#NONE} if none), and a commit index hint.
 * <p>
 * The commit index is only a hint for faster restart (entries up to it may be applied without
 * waiting for the leader); losing it is harmless, losing term or vote is not.
 */
public record HardState(long term, int votedFor, long commitIndex) {
    public static final HardState EMPTY = new HardState(0, RaftNode.NONE, 0);

    @Override
    public String toString() {
        return "term=" + term + " vote=" + votedFor + " commit=" + commitIndex;
    }
}

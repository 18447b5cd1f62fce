package io.replog.replication.raft;

import io.replog.replication.sim.RaftCore;

/**
 * Test-only broken cores whose bugs no direct rule check sees: only the consequences (two leaders,
 * a leader missing committed entries, diverging logs) can reveal them. They rewrite what the real
 * core receives, or reach into its package-private state, rather than adding hooks to production.
 */
public final class ConsequenceBrokenCores {
    private ConsequenceBrokenCores() {
    }

    /** Grants a vote even when it already voted for another candidate in this term. */
    public static final RaftCore.Factory DOUBLE_VOTER = (config, storage, hardState, random) ->
        new RaftCore.Real(new RaftNode(config, storage, hardState, random)) {
            @Override
            public void step(Message m) {
                if (m.type() == MessageType.VOTE && m.term() == raft.term() && raft.role() == Role.FOLLOWER) {
                    raft.votedFor = RaftNode.NONE;
                    raft.leaderId = RaftNode.NONE;
                }
                super.step(m);
            }
        };

    /** Votes without comparing logs: candidates are always "up to date". */
    public static final RaftCore.Factory IGNORES_LOG_UP_TO_DATE = (config, storage, hardState, random) ->
        new RaftCore.Real(new RaftNode(config, storage, hardState, random)) {
            @Override
            public void step(Message m) {
                if (m.type().isVoteRequest()) {
                    m = Message.voteRequest(m.type(), m.from(), m.to(), m.term(), Long.MAX_VALUE / 2, Long.MAX_VALUE / 2, m.context());
                }
                super.step(m);
            }
        };

    /** Accepts appends without checking the previous entry's term (breaks the Log Matching induction). */
    public static final RaftCore.Factory SKIPS_PREVIOUS_TERM_CHECK = (config, storage, hardState, random) ->
        new RaftCore.Real(new RaftNode(config, storage, hardState, random)) {
            @Override
            public void step(Message m) {
                long ourTerm = raft.termAt(m.index());
                if (m.type() == MessageType.APPEND && ourTerm >= 0 && m.index() >= raft.commitIndex()) {
                    m = Message.append(m.from(), m.to(), m.term(), m.index(), ourTerm, m.entries(), m.commitIndex());
                }
                super.step(m);
            }
        };

    /** Answers reads at once from its commit index, without confirming it still leads (no heartbeat round). */
    public static final RaftCore.Factory UNCONFIRMED_READS = (config, storage, hardState, random) ->
        new RaftCore.Real(new RaftNode(config, storage, hardState, random)) {
            @Override
            public boolean readIndex(long context) {
                if (raft.role() != Role.LEADER) {
                    return false;
                }
                raft.addReadState(new ReadState(raft.commitIndex(), context));
                return true;
            }
        };
}

package io.replog.replication.raft;

/**
 * Leader election: the follower's election timer, (pre-)campaigns, answering and counting votes.
 * <p>
 * Pre-vote (Raft thesis 9.6): a node whose timer fires first asks "would you vote for me at
 * term + 1?" without changing its term. Only with a majority of yeses does it really campaign,
 * so a node that was partitioned away cannot force the healthy cluster into a new term when it
 * returns. Vote requests and grants go to {@code messagesAfterPersist}: a candidate's new term
 * and self-vote, and a voter's vote, must be durable before anyone acts on them.
 */
final class Elections {
    private final RaftNode node;

    Elections(RaftNode node) {
        this.node = node;
    }

    void tickFollower() {
        node.electionElapsedTicks++;
        if (node.promotable() && node.electionElapsedTicks >= node.randomizedElectionTimeoutTicks) {
            node.electionElapsedTicks = 0;
            campaign(node.config.preVote(), false);
        }
    }

    /** Starts a pre-election (if {@code preVote}) or an election; {@code forced} bypasses leases (transfer). */
    void campaign(boolean preVote, boolean forced) {
        if (!node.promotable()) {
            return;
        }
        MessageType requestType;
        long requestTerm;
        if (preVote) {
            node.becomePreCandidate();
            requestType = MessageType.PRE_VOTE;
            requestTerm = node.term + 1;
        } else {
            node.becomeCandidate();
            requestType = MessageType.VOTE;
            requestTerm = node.term;
        }
        node.tracker.recordVote(node.id, true);
        if (node.tracker.tallyVotes() == Quorum.VoteResult.WON) {
            electionWon(preVote);
            return;
        }
        long lastIndex = node.log.lastIndex();
        long lastTerm = node.log.lastTerm();
        long context = forced ? Message.CONTEXT_TRANSFER : Message.NO_CONTEXT;
        for (int voter : node.tracker.configuration().voters()) {
            if (voter != node.id) {
                node.send(node.message().asVoteRequest(requestType, node.id, voter, requestTerm, lastIndex, lastTerm, context), !preVote);
            }
        }
    }

    private void electionWon(boolean preVote) {
        if (preVote) {
            campaign(false, false);
        } else {
            node.becomeLeader();
            node.leader.broadcastAppend();
        }
    }

    void handleVoteRequest(Message m) {
        boolean preVote = m.type() == MessageType.PRE_VOTE;
        boolean canVote = node.votedFor == m.from()
            || (node.votedFor == RaftNode.NONE && node.leaderId == RaftNode.NONE)
            || (preVote && m.term() > node.term);
        MessageType responseType = preVote ? MessageType.PRE_VOTE_RESPONSE : MessageType.VOTE_RESPONSE;
        if (canVote && node.log.isUpToDate(m.index(), m.logTerm())) {
            if (!preVote) {
                node.electionElapsedTicks = 0;
                node.votedFor = m.from();
            }
            // A granted pre-vote answers with the proposed term so the pre-candidate can count it.
            node.send(node.message().asSimple(responseType, node.id, m.from(), m.term(), false), !preVote);
        } else {
            node.send(node.message().asSimple(responseType, node.id, m.from(), node.term, true), !preVote);
        }
    }

    void handleVoteResponse(Message m) {
        boolean preVote = m.type() == MessageType.PRE_VOTE_RESPONSE;
        Role expected = preVote ? Role.PRE_CANDIDATE : Role.CANDIDATE;
        if (node.role != expected) {
            return;
        }
        node.tracker.recordVote(m.from(), !m.reject());
        switch (node.tracker.tallyVotes()) {
            case WON -> electionWon(preVote);
            case LOST -> node.becomeFollower(node.term, RaftNode.NONE);
            case PENDING -> { }
            default -> throw new IllegalStateException("unknown vote result");
        }
    }
}

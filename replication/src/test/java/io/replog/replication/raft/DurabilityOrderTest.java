package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STYLE habit 2, checked directly: what promises durability travels in messagesAfterPersist,
 * together with the state it promises; only pre-votes and the leader's own traffic leave at once.
 */
class DurabilityOrderTest {
    private static final Configuration THREE = Configuration.ofVoters(1, 2, 3);

    private static RaftNode follower(int id) {
        return new RaftNode(RaftConfig.defaults(id, THREE), new MemoryLogStorage(), HardState.EMPTY, new Random(id));
    }

    @Test
    void aVoteGrantLeavesOnlyWithTheVoteItPromises() {
        RaftNode voter = follower(2);
        voter.step(Message.voteRequest(MessageType.VOTE, 1, 2, 1, 0, 0, Message.NO_CONTEXT));
        Ready ready = voter.ready();
        assertTrue(ready.messages().isEmpty(), "nothing may leave before the vote is durable");
        assertEquals(MessageType.VOTE_RESPONSE, ready.messagesAfterPersist().get(0).type());
        assertNotNull(ready.hardState());
        assertEquals(1, ready.hardState().votedFor(), "the same Ready carries the vote to persist");
    }

    @Test
    void aCandidatesVoteRequestsWaitForItsNewTermAndSelfVote() {
        RaftNode candidate = new RaftNode(RaftConfig.defaults(1, THREE).withElectionOptions(false, true), new MemoryLogStorage(),
            HardState.EMPTY, new Random(1));
        candidate.campaign();
        Ready ready = candidate.ready();
        assertTrue(ready.messages().isEmpty());
        assertEquals(2, ready.messagesAfterPersist().size());
        assertEquals(new HardState(1, 1, 0), ready.hardState());
    }

    @Test
    void preVotesChangeNothingDurableAndLeaveAtOnce() {
        RaftNode preCandidate = follower(1);
        preCandidate.campaign();
        Ready ready = preCandidate.ready();
        assertEquals(2, ready.messages().size());
        assertTrue(ready.messagesAfterPersist().isEmpty());
        assertEquals(null, ready.hardState(), "a pre-candidate keeps its term");
        RaftNode voter = follower(2);
        voter.step(Message.voteRequest(MessageType.PRE_VOTE, 1, 2, 1, 0, 0, Message.NO_CONTEXT));
        assertEquals(MessageType.PRE_VOTE_RESPONSE, voter.ready().messages().get(0).type());
    }

    @Test
    void anAppendAcknowledgementLeavesWithTheEntriesItAcknowledges() {
        RaftNode follower = follower(2);
        follower.step(Message.append(1, 2, 1, 0, 0, List.of(LogEntry.noOp(1, 1)), 0));
        Ready ready = follower.ready();
        assertEquals(List.of(LogEntry.noOp(1, 1)), ready.entries());
        assertTrue(ready.messages().isEmpty());
        Message ack = ready.messagesAfterPersist().get(0);
        assertEquals(MessageType.APPEND_RESPONSE, ack.type());
        assertEquals(1, ack.index());
    }

    @Test
    void theLeaderCountsItselfOnlyOnceItsOwnWriteIsDurable() {
        TestCluster cluster = new TestCluster();
        cluster.addNodes(3, id -> RaftConfig.defaults(id, THREE));
        cluster.elect(1);
        RaftNode leader = cluster.raft(1);
        leader.propose(new byte[] {1});
        Ready leaderReady = leader.ready(); // the leader's own write of entry 2 is in flight
        assertEquals(1, leaderReady.messages().stream().filter(m -> m.to() == 2).count(), "the leader replicates before persisting");
        // One follower acknowledges: with the leader's own (not yet durable) copy that would be a majority.
        leader.step(Message.appendResponse(2, 1, leader.term(), 2, false, 0, 0));
        assertEquals(1, leader.commitIndex(), "entry 2 is not committed while the leader's write is not durable");
        cluster.nodes.get(1).storage.append(leaderReady.entries());
        leader.advance(leaderReady);
        assertEquals(2, leader.commitIndex(), "leader + one follower, both durable");
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What lets a host persist asynchronously and batch: messages taken while a Ready's persistence is in
 * progress, proposals of one output carried by one AppendEntries per follower, one acknowledgement per
 * persisted batch, and AppendEntries the host's transport pushed back sent again at once.
 */
class AsyncPersistenceTest {
    private static final Configuration THREE = Configuration.ofVoters(1, 2, 3);

    private static TestCluster clusterLedBy1() {
        TestCluster cluster = new TestCluster();
        cluster.addNodes(3, id -> RaftConfig.defaults(id, THREE));
        cluster.elect(1);
        return cluster;
    }

    private static List<Message> to(int peer, List<Message> messages) {
        return messages.stream().filter(m -> m.to() == peer).toList();
    }

    @Test
    void proposalsOfOneOutputTravelInOneAppendPerFollower() {
        RaftNode leader = clusterLedBy1().raft(1);
        for (int i = 0; i < 10; i++) {
            assertTrue(leader.propose(new byte[] {(byte)i}));
        }
        List<Message> toTwo = to(2, leader.ready().messages());
        assertEquals(1, toTwo.size(), "one AppendEntries for ten proposals: " + toTwo);
        assertEquals(10, toTwo.get(0).entries().size());
    }

    @Test
    void aLeaderReplicatesWhileItsOwnWriteIsInProgressButCountsItselfOnlyOnceDurable() {
        TestCluster cluster = clusterLedBy1();
        RaftNode leader = cluster.raft(1);
        leader.propose(new byte[] {1});
        Ready inProgress = leader.ready(); // entry 2 being forced
        leader.propose(new byte[] {2});
        assertTrue(!leader.hasReady(), "no second Ready before advance");
        List<Message> now = leader.takeMessages();
        assertEquals(1, to(2, now).size(), "entry 3 leaves while entry 2 is being forced: " + now);
        assertEquals(3, to(2, now).get(0).entries().get(0).index());
        leader.step(Message.appendResponse(2, 1, leader.term(), 3, false, 0, 0));
        assertEquals(1, leader.commitIndex(), "the leader's own copies of 2 and 3 are not durable: no majority");
        cluster.nodes.get(1).storage.append(inProgress.entries());
        leader.advance(inProgress);
        assertEquals(2, leader.commitIndex(), "entry 2 is durable on the leader and on node 2; entry 3 only on node 2");
        assertTrue(leader.takeMessages().stream().allMatch(m -> m.type() == MessageType.APPEND), "commit news");
    }

    @Test
    void takenMessagesNeverIncludeWhatMustWaitForPersistence() {
        TestCluster cluster = clusterLedBy1();
        RaftNode follower = cluster.raft(2);
        follower.step(Message.append(1, 2, 1, 1, 1, List.of(new LogEntry(2, 1, new byte[] {1})), 1));
        Ready inProgress = follower.ready();
        follower.step(Message.append(1, 2, 1, 2, 1, List.of(new LogEntry(3, 1, new byte[] {2})), 1));
        assertTrue(follower.takeMessages().isEmpty(), "the acknowledgement of entry 3 promises it is durable");
        assertEquals(1, inProgress.messagesAfterPersist().size());
        cluster.nodes.get(2).storage.append(inProgress.entries());
        follower.advance(inProgress);
        Ready next = follower.ready();
        assertEquals(List.of(3L), next.entries().stream().map(LogEntry::index).toList());
        assertEquals(3, next.messagesAfterPersist().get(0).index());
    }

    @Test
    void aFollowerAcknowledgesOncePerPersistedBatch() {
        RaftNode follower = clusterLedBy1().raft(2);
        for (long index = 2; index <= 6; index++) {
            follower.step(Message.append(1, 2, 1, index - 1, 1, List.of(new LogEntry(index, 1, new byte[] {1})), 1));
        }
        Ready ready = follower.ready();
        assertEquals(5, ready.entries().size());
        assertEquals(1, ready.messagesAfterPersist().size(), "acknowledgements are cumulative: " + ready.messagesAfterPersist());
        assertEquals(6, ready.messagesAfterPersist().get(0).index());
    }

    @Test
    void aRejectionIsNeverFoldedIntoAnAcknowledgement() {
        RaftNode follower = clusterLedBy1().raft(2);
        follower.step(Message.append(1, 2, 1, 1, 1, List.of(new LogEntry(2, 1, new byte[] {1})), 1));
        follower.step(Message.append(1, 2, 1, 9, 1, List.of(new LogEntry(10, 1, new byte[] {1})), 1)); // a gap
        follower.step(Message.append(1, 2, 1, 2, 1, List.of(new LogEntry(3, 1, new byte[] {1})), 1));
        List<Message> replies = follower.ready().messagesAfterPersist();
        assertEquals(2, replies.size(), replies.toString());
        assertEquals(1, replies.stream().filter(Message::reject).count());
        assertEquals(3, replies.stream().filter(m -> !m.reject()).findFirst().orElseThrow().index());
    }

    @Test
    void anAppendThePublicationPushedBackIsSentAgainAtOnce() {
        TestCluster cluster = clusterLedBy1();
        RaftNode leader = cluster.raft(1);
        leader.propose(new byte[] {1});
        leader.propose(new byte[] {2});
        Ready ready = leader.ready();
        Message lost = to(2, ready.messages()).get(0);
        assertEquals(2, lost.entries().size());
        cluster.nodes.get(1).storage.append(ready.entries());
        leader.advance(ready);
        leader.appendNotSent(lost);
        List<Message> again = to(2, leader.takeMessages());
        assertEquals(1, again.size(), "resent without waiting for a rejection or a heartbeat");
        assertEquals(lost.index(), again.get(0).index());
        assertEquals(lost.entries(), again.get(0).entries());
        assertTrue(to(3, leader.takeMessages()).isEmpty(), "node 3's append left; nothing is resent to it");
        leader.step(Message.appendResponse(2, 1, leader.term(), 3, false, 0, 0));
        leader.takeMessages(); // commit news
        leader.appendNotSent(lost); // a late report: node 2 acknowledged everything since, nothing to resend
        assertTrue(to(2, leader.takeMessages()).isEmpty());
        leader.invariants();
    }

    @Test
    void entriesAQuorumAcknowledgesDuringAForceApplyWithoutWaitingForIt() {
        TestCluster cluster = clusterLedBy1();
        RaftNode leader = cluster.raft(1);
        leader.propose(new byte[] {1});
        Ready first = leader.ready();
        cluster.nodes.get(1).storage.append(first.entries());
        leader.advance(first); // entry 2 durable on the leader
        leader.propose(new byte[] {2});
        Ready second = leader.ready(); // entry 3 being forced
        assertTrue(second.committedEntries().isEmpty());
        assertTrue(leader.takeCommittedEntries().isEmpty(), "entry 2 is not committed yet");
        leader.step(Message.appendResponse(2, 1, leader.term(), 2, false, 0, 0));
        List<LogEntry> now = leader.takeCommittedEntries();
        assertEquals(List.of(2L), now.stream().map(LogEntry::index).toList(), "committed and durable here: apply now");
        assertEquals(2, leader.appliedIndex());
        leader.step(Message.appendResponse(2, 1, leader.term(), 3, false, 0, 0));
        assertTrue(leader.takeCommittedEntries().isEmpty(), "entry 3 is not durable on the leader: not committed");
        cluster.nodes.get(1).storage.append(second.entries());
        leader.advance(second);
        assertEquals(2, leader.appliedIndex(), "advance acknowledges nothing twice");
        Ready third = leader.ready();
        assertEquals(List.of(3L), third.committedEntries().stream().map(LogEntry::index).toList(), "each entry handed out once");
        leader.advance(third);
        leader.invariants();
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ownership contract of recycled messages and the reused Ready (see {@link Message}, {@link MessagePool}):
 * a message given back cannot be read, is never handed out twice at once, and nothing of its last use survives
 * its next one; the core keeps no reference to a message it stepped.
 */
class MessageRecyclingTest {
    private static final Configuration THREE = Configuration.ofVoters(1, 2, 3);

    /** A leader of term 1 whose followers 2 and 3 hold its no-op (entry 1): its proposals go to them at once. */
    private static RaftNode leader(boolean poisoning) {
        return leader(poisoning, new MemoryLogStorage());
    }

    private static RaftNode leader(boolean poisoning, MemoryLogStorage storage) {
        RaftNode leader = new RaftNode(RaftConfig.defaults(1, THREE).withElectionOptions(false, false), storage,
            HardState.EMPTY, new Random(1), poisoning);
        leader.campaign();
        Ready ready = leader.ready();
        leader.advance(ready);
        leader.step(Message.simple(MessageType.VOTE_RESPONSE, 2, 1, 1, false));
        assertEquals(Role.LEADER, leader.role());
        leader.step(Message.appendResponse(2, 1, 1, 1, false, 0, 0));
        leader.step(Message.appendResponse(3, 1, 1, 1, false, 0, 0));
        recycleAll(leader, leader.takeMessages());
        return leader;
    }

    private static void recycleAll(RaftNode node, List<Message> messages) {
        for (int i = 0; i < messages.size(); i++) {
            node.recycle(messages.get(i));
        }
    }

    private static Message proposeAndTakeAppendTo(RaftNode leader, int peer, String payload) {
        leader.propose(payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Message found = null;
        for (Message m : leader.takeMessages()) {
            if (m.to() == peer && m.type() == MessageType.APPEND) {
                found = m;
            } else {
                leader.recycle(m);
            }
        }
        assertTrue(found != null, "an append to " + peer);
        return found;
    }

    @Test
    void aRecycledMessageRefusesToBeRead() {
        RaftNode leader = leader(true);
        Message append = proposeAndTakeAppendTo(leader, 2, "a");
        leader.recycle(append);
        IllegalStateException e = assertThrows(IllegalStateException.class, append::type);
        assertTrue(e.getMessage().contains("after it was recycled"), e.getMessage());
        assertThrows(IllegalStateException.class, append::entries);
        assertThrows(IllegalStateException.class, () -> new Message().copyFrom(append));
    }

    @Test
    void recyclingAMessageTwiceThrows() {
        RaftNode leader = leader(false);
        Message append = proposeAndTakeAppendTo(leader, 2, "a");
        leader.recycle(append);
        assertThrows(IllegalStateException.class, () -> leader.recycle(append), "two owners");
    }

    @Test
    void poisoningNeverHandsARecycledMessageOutAgain() {
        RaftNode leader = leader(true);
        Message first = proposeAndTakeAppendTo(leader, 2, "a");
        leader.recycle(first);
        Message second = proposeAndTakeAppendTo(leader, 2, "b");
        assertNotSame(first, second);
        assertThrows(IllegalStateException.class, first::index, "the stale reference stays poisoned for good");
    }

    @Test
    void reuseRewritesEveryFieldOfTheMessageItRecycles() {
        RaftNode leader = leader(false);
        Message append = proposeAndTakeAppendTo(leader, 2, "a");
        assertEquals(1, append.entries().size());
        leader.recycle(append);
        for (int tick = 0; tick < leader.config.heartbeatIntervalTicks(); tick++) {
            leader.tick();
        }
        List<Message> heartbeats = leader.takeMessages();
        Message reused = null;
        for (Message m : heartbeats) {
            if (m == append) {
                reused = m;
            }
        }
        assertSame(append, reused, "the pool hands the recycled message out again");
        assertEquals(MessageType.HEARTBEAT, reused.type());
        assertTrue(reused.entries().isEmpty(), "no entry of the append survives");
        assertEquals(0, reused.index());
        assertEquals(0, reused.logTerm());
        assertNull(reused.snapshot());
        assertNull(reused.chunk());
    }

    @Test
    void theCoreKeepsNoReferenceToAMessageItStepped() {
        RaftNode follower = new RaftNode(RaftConfig.defaults(2, THREE), new MemoryLogStorage(), HardState.EMPTY, new Random(2));
        Message received = new Message();
        received.set(MessageType.APPEND, 1, 2, 1, 0, 0, 0, false, 0, Message.NO_CONTEXT, null, 0, null, false);
        received.addEntry(new LogEntry(1, 1, new byte[] {7}));
        received.addEntry(new LogEntry(2, 1, new byte[] {8}));
        follower.step(received);
        // The host decodes its next frame into the same instance.
        received.set(MessageType.HEARTBEAT, 1, 2, 1, 0, 0, 0, false, 0, Message.NO_CONTEXT, null, 0, null, false);
        Ready ready = follower.ready();
        assertEquals(List.of(1L, 2L), ready.entries().stream().map(LogEntry::index).toList());
        assertEquals(2, ready.messagesAfterPersist().get(0).index(), "the acknowledgement");
    }

    @Test
    void theReadyIsOneObjectWhoseListsHoldTheirBatchUntilTheNextReady() {
        MemoryLogStorage storage = new MemoryLogStorage();
        RaftNode leader = leader(false, storage);
        leader.propose(new byte[] {1});
        Ready first = leader.ready();
        List<LogEntry> entries = List.copyOf(first.entries());
        leader.propose(new byte[] {9});
        leader.takeMessages(); // output collected meanwhile goes elsewhere
        assertEquals(entries, first.entries());
        storage.append(first.entries());
        leader.advance(first);
        leader.propose(new byte[] {2});
        Ready second = leader.ready();
        assertSame(first, second);
        assertEquals(List.of(3L, 4L), second.entries().stream().map(LogEntry::index).toList());
    }
}

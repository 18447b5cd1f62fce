package io.replog.replication.raft;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host proposes an entry it made itself (a view of bytes it keeps): only the next one, only on a leader. */
class ProposeEntryTest {
    private static final UnsafeBuffer BYTES = new UnsafeBuffer(new byte[] {7, 8, 9});

    @Test
    void theLeaderTakesTheNextEntryOfItsTermAsItIs() {
        TestCluster cluster = new TestCluster();
        cluster.addNodes(3, id -> RaftConfig.defaults(id, Configuration.ofVoters(1, 2, 3)));
        cluster.elect(1);
        RaftNode leader = cluster.raft(1);
        assertTrue(leader.canPropose());
        LogEntry next = LogEntry.view(leader.lastIndex() + 1, leader.term(), BYTES, 0, 3);
        assertTrue(leader.propose(next));
        assertSame(next, leader.ready().entries().get(0), "the host's own entry, not a copy");

        IllegalArgumentException skipped = assertThrows(IllegalArgumentException.class,
            () -> leader.propose(LogEntry.view(leader.lastIndex() + 2, leader.term(), BYTES, 0, 3)));
        assertEquals("a proposal must be the next entry (index " + (leader.lastIndex() + 1) + ") of the current term " +
            leader.term() + ", got " + (leader.lastIndex() + 2) + "/" + leader.term(), skipped.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> leader.propose(LogEntry.view(leader.lastIndex() + 1, leader.term() + 1, BYTES, 0, 3)));

        RaftNode follower = cluster.raft(2);
        assertFalse(follower.canPropose());
        assertFalse(follower.propose(LogEntry.view(follower.lastIndex() + 1, follower.term(), BYTES, 0, 3)),
            "a follower takes no proposal, whatever the entry");
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class RestartTest {
    /**
     * Found by the simulator (seed 201246): a crash kept an unsynced entry of term 171 but lost the
     * hard state (term 171) that was to be written after it. The restarted node must not run with a
     * term below its last log term.
     */
    @Test
    void restartWithAnEntryNewerThanTheHardStateAdoptsItsTerm() {
        MemoryLogStorage storage = new MemoryLogStorage();
        storage.append(List.of(new LogEntry(1, 5, new byte[0]), new LogEntry(2, 7, new byte[0])));
        HardState persisted = new HardState(6, 3, 1);
        RaftNode raft = new RaftNode(RaftConfig.defaults(1, Configuration.ofVoters(1, 2, 3)), storage, persisted, new Random(1));
        raft.invariants();
        assertEquals(7, raft.term(), "the term of the surviving entry");
        assertEquals(RaftNode.NONE, raft.votedFor(), "no vote was ever granted in term 7");
        Ready ready = raft.ready();
        assertNotNull(ready.hardState(), "the adopted term is persisted at once");
        assertEquals(7, ready.hardState().term());
    }

    @Test
    void restartKeepsTermAndVoteWhenTheLogIsNotNewer() {
        MemoryLogStorage storage = new MemoryLogStorage();
        storage.append(List.of(new LogEntry(1, 5, new byte[0])));
        RaftNode raft = new RaftNode(RaftConfig.defaults(1, Configuration.ofVoters(1, 2, 3)), storage, new HardState(6, 3, 1), new Random(1));
        assertEquals(6, raft.term());
        assertEquals(3, raft.votedFor(), "a persisted vote survives a restart");
        assertEquals(1, raft.commitIndex());
    }
}

package io.replog.replication.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A raft node with an in-memory host around it for tests: persisting a Ready writes the
 * {@link MemoryLogStorage} and the hard state; "crashing" drops everything not persisted and
 * builds a fresh {@link RaftNode} from what was.
 */
final class TestNode {
    final RaftConfig config;
    final MemoryLogStorage storage = new MemoryLogStorage();
    final List<LogEntry> applied = new ArrayList<>();
    final List<ReadState> readStates = new ArrayList<>();
    HardState hardState = HardState.EMPTY;
    RaftNode raft;
    private final long seed;
    private int incarnation;

    TestNode(RaftConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.raft = new RaftNode(config, storage, hardState, new Random(seed));
    }

    /** Persists, applies and advances one Ready; returns it (null if none) with the messages to route. */
    Ready handleReady() {
        if (!raft.hasReady()) {
            return null;
        }
        Ready ready = raft.ready();
        if (ready.snapshot() != null) {
            storage.installSnapshot(ready.snapshot());
            applied.clear();
        }
        storage.append(ready.entries());
        if (ready.hardState() != null) {
            hardState = ready.hardState();
        }
        applied.addAll(ready.committedEntries());
        readStates.addAll(ready.readStates());
        raft.advance(ready);
        raft.invariants();
        return ready;
    }

    /** Loses all volatile state; restarts from storage and hard state. */
    void crashAndRestart() {
        incarnation++;
        applied.clear();
        raft = new RaftNode(config, storage, hardState, new Random(seed + 1000L * incarnation));
    }

    /** Takes a snapshot at {@code index} (must be applied) whose data is the applied payloads. */
    void compact(long index) {
        StringBuilder state = new StringBuilder();
        for (LogEntry entry : applied) {
            if (entry.index() <= index && entry.sizeBytes() > 0) {
                state.append(new String(entry.data(), java.nio.charset.StandardCharsets.UTF_8)).append(',');
            }
        }
        SnapshotMeta meta = new SnapshotMeta(index, storage.term(index), raft.configuration());
        storage.compact(new Snapshot(meta, state.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

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
    /** The snapshot being received and its bytes so far (volatile: lost by a crash). */
    private Snapshot incoming;
    private java.io.ByteArrayOutputStream incomingBytes = new java.io.ByteArrayOutputStream();
    /** A received snapshot that verified, waiting for the core to hand it back to install. */
    private byte[] verifiedBytes;
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
        for (SnapshotChunk chunk : ready.snapshotChunks()) {
            if (chunk.offsetBytes() == 0) {
                incoming = chunk.snapshot();
                incomingBytes = new java.io.ByteArrayOutputStream();
            }
            incomingBytes.writeBytes(chunk.data());
        }
        if (ready.snapshot() != null) {
            storage.installSnapshot(ready.snapshot(), verifiedBytes);
            applied.clear();
        }
        storage.append(ready.entries());
        if (ready.hardState() != null) {
            hardState = ready.hardState();
        }
        applied.addAll(ready.committedEntries());
        readStates.addAll(ready.readStates());
        raft.advance(ready);
        SnapshotChunk completed = ready.completedSnapshotChunk();
        if (completed != null) {
            byte[] bytes = incomingBytes.toByteArray();
            boolean intact = MemoryLogStorage.describe(incoming.meta(), bytes).sameBytes(completed.snapshot());
            verifiedBytes = intact ? bytes : null;
            raft.incomingSnapshotVerified(completed.snapshot(), intact);
        }
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
        storage.compact(meta, state.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

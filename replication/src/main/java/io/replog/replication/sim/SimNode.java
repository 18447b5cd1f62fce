package io.replog.replication.sim;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.PartialSnapshot;
import io.replog.replication.raft.RaftConfig;
import io.replog.replication.raft.Ready;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotChunk;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * One simulated machine: its own {@link SimulatedDisk} holding a {@link WriteAheadLog} (the Raft
 * log), a hard-state file, a snapshot file and the partial file of a snapshot being received; the
 * core; and the replicated state machine.
 * <p>
 * Persistence is asynchronous like a real group commit: a Ready's entries are written to the WAL
 * at once but unsynced, and only when the disk "completes" ({@link #completePersist}) are they
 * forced, the received snapshot bytes appended to the partial file, the hard state replaced, and the
 * after-persist messages released. A crash in between loses (or tears) the unsynced writes for real.
 * A complete received snapshot is checked ({@link #verifyReceived}) and reported to the core.
 */
final class SimNode {
    private static final int SEGMENT_BYTES = 16 * 1024;

    final int id;
    private final SimulatedDisk disk;
    private final Storage nodeDirectory;
    private final Storage logDirectory;
    private final RaftConfig raftConfig;
    private final RaftCore.Factory coreFactory;
    private final long coreSeed;
    final StateMachine stateMachine = new StateMachine();

    private final boolean serveRetainedEntries;
    private WriteAheadLog wal;
    private WalLogStorage storage;
    /** The snapshot being received and its bytes written so far (mirrors the partial file once persisted). */
    private Snapshot receiving;
    private ByteArrayOutputStream receivedBytes = new ByteArrayOutputStream();
    /** A received snapshot the core will hand back to install, with its file's bytes. */
    private byte[] verifiedFileBytes;
    RaftCore core;
    boolean up;
    /** Its storage was found corrupt: it stopped for good (replog fails stop; repairing a replica is an operator's job). */
    boolean dead;
    int incarnation;
    /** The Ready handed out and not yet advanced (its persistence is in progress). */
    Ready pendingReady;
    /** Highest commit index this incarnation reported; the checker asserts it never decreases. */
    long lastSeenCommitIndex;
    /** The hard state on disk (what a restart would read). */
    HardState durableHardState = HardState.EMPTY;
    /** While down: the highest index its disk held durably (log or snapshot) when it crashed. */
    private long durableIndexAtCrash;

    SimNode(int id, SimulatedDisk disk, RaftConfig raftConfig, RaftCore.Factory coreFactory, long coreSeed,
            boolean serveRetainedEntries) {
        this.id = id;
        this.serveRetainedEntries = serveRetainedEntries;
        this.disk = disk;
        this.nodeDirectory = disk.directory("/node" + id);
        this.logDirectory = disk.directory("/node" + id + "/log");
        this.raftConfig = raftConfig;
        this.coreFactory = coreFactory;
        this.coreSeed = coreSeed;
    }

    /** Boots from what is on disk: snapshot (finishing a received one), log (recovered), hard state. */
    void start() throws IOException {
        nodeDirectory.createDirectory();
        PartialSnapshot partial = recoverPartial();
        byte[] snapshotFile = DurableFiles.readSnapshot(nodeDirectory);
        Snapshot snapshot = snapshotFile == null ? null : DurableFiles.describe(snapshotFile);
        HardState hardState = DurableFiles.readHardState(nodeDirectory);
        durableHardState = hardState;
        wal = WriteAheadLog.open(logDirectory, new WalConfig().segmentLengthBytes(SEGMENT_BYTES)
            .syncPolicy(SyncPolicy.NONE).preallocateAhead(false));
        if (snapshot != null && !walContinuesSnapshot(snapshot)) {
            // Crashed between writing a received snapshot and resetting the log: finish the reset.
            wal.reset(snapshot.index() + 1, snapshot.term());
        }
        storage = new WalLogStorage(wal, snapshotFile, partial, serveRetainedEntries);
        if (snapshot != null) {
            stateMachine.restore(DurableFiles.stateOf(snapshotFile));
        } else {
            stateMachine.reset();
        }
        incarnation++;
        core = coreFactory.create(raftConfig, storage, hardState, new Random(coreSeed + incarnation * 7919L));
        pendingReady = null;
        verifiedFileBytes = null;
        lastSeenCommitIndex = core.commitIndex();
        up = true;
    }

    /**
     * The partial file of a snapshot being received, to resume from; a complete one (the node stopped
     * before reporting it) is never resumed: it is dropped and received again.
     */
    private PartialSnapshot recoverPartial() throws IOException {
        DurableFiles.Partial partial = DurableFiles.readPartial(nodeDirectory);
        receiving = null;
        receivedBytes = new ByteArrayOutputStream();
        if (partial == null || partial.bytes().length >= partial.snapshot().lengthBytes()) {
            DurableFiles.deletePartial(nodeDirectory);
            return null;
        }
        receiving = partial.snapshot();
        receivedBytes.writeBytes(partial.bytes());
        return new PartialSnapshot(partial.snapshot(), partial.bytes().length);
    }

    private boolean walContinuesSnapshot(Snapshot snapshot) throws IOException {
        long index = snapshot.index();
        return wal.firstIndex() - 1 <= index && index <= wal.lastIndex() && wal.termAt(index) == snapshot.term();
    }

    /** Power loss: volatile state is gone, unsynced writes are lost or torn per {@code mode}. */
    void crash(SimulatedDisk.CrashMode mode) {
        durableIndexAtCrash = Math.max(snapshotIndex(), wal.durableIndex());
        up = false;
        core = null;
        wal = null; // never closed: a crashed process does not flush
        storage = null;
        pendingReady = null;
        disk.crash(mode);
    }

    /**
     * Media corruption: flips one bit of a sealed log segment (never the last one, whose damage a
     * torn write could explain). Returns what was flipped, or null when the log has no sealed segment.
     */
    String flipBitInSealedSegment(Random random) {
        String path = "/node" + id + "/log";
        List<String> segments = disk.files(path).stream().filter(name -> name.endsWith(".wal")).sorted().toList();
        if (segments.size() < 2) {
            return null;
        }
        String segment = segments.get(random.nextInt(segments.size() - 1));
        long offset = random.nextLong(disk.length(path, segment));
        int bit = random.nextInt(8);
        disk.flipBit(path, segment, offset, bit);
        return segment + " byte " + offset + " bit " + bit;
    }

    /** The disk fills up: creating the next segment fails until {@link #freeDisk()}. */
    void fillDisk() {
        disk.capacityBytes(disk.usedBytes());
    }

    void freeDisk() {
        disk.capacityBytes(1L << 30);
    }

    /** A restart failed halfway (its disk is full): as if the process died again before it was up. */
    void abortStart() {
        up = false;
        core = null;
        wal = null;
        storage = null;
        pendingReady = null;
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
    }

    /** The disk fails every force after {@code successfulSyncs} more (until the next crash). */
    void failSyncsAfter(int successfulSyncs) {
        disk.failSyncs(successfulSyncs);
    }

    /** Writes the Ready's entries to the WAL without syncing (unless a snapshot comes first). */
    void writeEntriesUnsynced(Ready ready, LogMatchingCheck logMatching) throws IOException {
        if (ready.snapshot() != null || ready.entries().isEmpty()) {
            return;
        }
        appendEntries(ready.entries(), logMatching);
    }

    private void appendEntries(List<LogEntry> entries, LogMatchingCheck logMatching) throws IOException {
        long firstIndex = entries.get(0).index();
        wal.truncateAfter(firstIndex - 1);
        long previousTerm = storage.term(firstIndex - 1);
        WriteAheadLog.Batch batch = wal.batch();
        for (LogEntry entry : entries) {
            logMatching.onAppend(id, entry.index(), entry.term(), previousTerm, proposalId(entry));
            batch.add(entry.term(), WalLogStorage.ENTRY_TYPE, entry.data());
            previousTerm = entry.term();
        }
        batch.commit();
    }

    /** The disk finished: force the log, replace hard state, partial and snapshot files; the Ready is now durable. */
    void completePersist(Ready ready, LogMatchingCheck logMatching) throws IOException {
        if (!ready.snapshotChunks().isEmpty()) {
            for (SnapshotChunk chunk : ready.snapshotChunks()) {
                if (chunk.offsetBytes() == 0) {
                    receiving = chunk.snapshot();
                    receivedBytes = new ByteArrayOutputStream();
                }
                if (!chunk.snapshot().sameBytes(receiving) || chunk.offsetBytes() != receivedBytes.size()) {
                    throw new IllegalStateException("node " + id + ": chunk " + chunk + " does not continue " + receiving + " at "
                        + receivedBytes.size());
                }
                receivedBytes.writeBytes(chunk.data());
            }
            DurableFiles.writePartial(nodeDirectory, receiving, receivedBytes.toByteArray());
        }
        if (ready.snapshot() != null) {
            Snapshot snapshot = ready.snapshot();
            if (verifiedFileBytes == null || !DurableFiles.describe(verifiedFileBytes).sameBytes(snapshot)) {
                throw new IllegalStateException("node " + id + ": asked to install " + snapshot + " that it never verified");
            }
            byte[] fileBytes = verifiedFileBytes;
            verifiedFileBytes = null;
            wal.reset(snapshot.index() + 1, snapshot.term());
            storage.snapshot(fileBytes);
            stateMachine.restore(DurableFiles.stateOf(fileBytes));
            if (!ready.entries().isEmpty()) {
                appendEntries(ready.entries(), logMatching);
            }
        }
        wal.sync();
        if (ready.hardState() != null) {
            DurableFiles.writeHardState(nodeDirectory, ready.hardState());
            durableHardState = ready.hardState();
        }
    }

    /** Snapshots the state machine and compacts the log once enough was applied since the last snapshot. */
    boolean maybeCompact(int snapshotEveryEntries) throws IOException {
        long applied = stateMachine.appliedIndex();
        Snapshot current = storage.snapshot();
        long snapshotIndex = current == null ? 0 : current.index();
        if (applied - snapshotIndex < snapshotEveryEntries || applied > wal.lastIndex()) {
            return false;
        }
        if (verifiedFileBytes != null) {
            return false; // a received snapshot is about to be installed: it is newer
        }
        Configuration membership = raftConfig.configuration();
        byte[] fileBytes = DurableFiles.encodeSnapshot(new SnapshotMeta(applied, storage.term(applied), membership), stateMachine.snapshot());
        DurableFiles.writeSnapshot(nodeDirectory, fileBytes);
        storage.snapshot(fileBytes);
        wal.deleteBefore(applied + 1);
        return true;
    }

    /**
     * After a Ready whose chunk completed a received snapshot: check the whole file and report to the
     * core. A snapshot the core will install is made this node's snapshot file now (it is committed
     * state; a crash before the install finishes it on restart); one the core does not need is kept
     * only if the log already holds its last entry, and only if it is newer than this node's own.
     */
    void verifyReceived(Ready ready) throws IOException {
        SnapshotChunk completed = ready.completedSnapshotChunk();
        if (completed == null) {
            return;
        }
        Snapshot snapshot = completed.snapshot();
        byte[] fileBytes = receivedBytes.toByteArray();
        boolean intact = DurableFiles.intact(fileBytes) && DurableFiles.describe(fileBytes).sameBytes(snapshot);
        DurableFiles.deletePartial(nodeDirectory);
        receiving = null;
        receivedBytes = new ByteArrayOutputStream();
        boolean install = core.incomingSnapshotVerified(snapshot, intact);
        if (!intact) {
            return;
        }
        if (install) {
            DurableFiles.writeSnapshot(nodeDirectory, fileBytes);
            verifiedFileBytes = fileBytes;
        } else if (snapshot.index() > snapshotIndex() && snapshot.index() <= wal.lastIndex() && storage.term(snapshot.index()) == snapshot.term()
            && snapshot.index() <= stateMachine.appliedIndex()) {
            DurableFiles.writeSnapshot(nodeDirectory, fileBytes);
            storage.snapshot(fileBytes);
        }
    }

    /**
     * Whether this node's disk durably holds the entry at {@code index} with {@code term}
     * (-1: term unknown), in its log or covered by its snapshot. A down node is judged by what was
     * durable when it crashed (generously: its term there is not re-read).
     */
    boolean durablyHolds(long index, long term) {
        if (!up) {
            return durableIndexAtCrash >= index;
        }
        if (snapshotIndex() >= index) {
            return true;
        }
        return wal.durableIndex() >= index && (term < 0 || storage.term(index) == term);
    }

    long snapshotIndex() {
        Snapshot snapshot = storage.snapshot();
        return snapshot == null ? 0 : snapshot.index();
    }

    static long proposalId(LogEntry entry) {
        byte[] data = entry.data();
        if (data.length != Long.BYTES) {
            return 0;
        }
        long id = 0;
        for (byte b : data) {
            id = (id << 8) | (b & 0xFF);
        }
        return id;
    }

    static byte[] payload(long proposalId) {
        byte[] data = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            data[i] = (byte)proposalId;
            proposalId >>>= 8;
        }
        return data;
    }

    String describe() {
        if (!up) {
            return "node " + id + " DOWN";
        }
        return "node " + id + " " + core.role() + " term=" + core.term() + " leader=" + core.leaderId() + " commit=" + core.commitIndex()
            + " applied=" + stateMachine.appliedIndex() + " log=[" + core.firstIndex() + ".." + core.lastIndex() + "] durable=" + wal.durableIndex()
            + " snapshot=" + snapshotIndex();
    }
}

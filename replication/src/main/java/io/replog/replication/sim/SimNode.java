package io.replog.replication.sim;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.RaftConfig;
import io.replog.replication.raft.Ready;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * One simulated machine: its own {@link SimulatedDisk} holding a {@link WriteAheadLog} (the Raft
 * log), a hard-state file and a snapshot file; the core; and the replicated state machine.
 * <p>
 * Persistence is asynchronous like a real group commit: a Ready's entries are written to the WAL
 * at once but unsynced, and only when the disk "completes" ({@link #completePersist}) are they
 * forced, the hard state replaced, and the after-persist messages released. A crash in between
 * loses (or tears) the unsynced writes for real.
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

    private WriteAheadLog wal;
    private WalLogStorage storage;
    RaftCore core;
    boolean up;
    int incarnation;
    /** The Ready handed out and not yet advanced (its persistence is in progress). */
    Ready pendingReady;
    /** Highest commit index this incarnation reported; the checker asserts it never decreases. */
    long lastSeenCommitIndex;
    /** The hard state on disk (what a restart would read). */
    HardState durableHardState = HardState.EMPTY;
    /** While down: the highest index its disk held durably (log or snapshot) when it crashed. */
    private long durableIndexAtCrash;

    SimNode(int id, SimulatedDisk disk, RaftConfig raftConfig, RaftCore.Factory coreFactory, long coreSeed) {
        this.id = id;
        this.disk = disk;
        this.nodeDirectory = disk.directory("/node" + id);
        this.logDirectory = disk.directory("/node" + id + "/log");
        this.raftConfig = raftConfig;
        this.coreFactory = coreFactory;
        this.coreSeed = coreSeed;
    }

    /** Boots from what is on disk: snapshot, log (recovered), hard state. */
    void start() throws IOException {
        nodeDirectory.createDirectory();
        Snapshot snapshot = DurableFiles.readSnapshot(nodeDirectory);
        HardState hardState = DurableFiles.readHardState(nodeDirectory);
        durableHardState = hardState;
        wal = WriteAheadLog.open(logDirectory, new WalConfig().segmentLengthBytes(SEGMENT_BYTES)
            .syncPolicy(SyncPolicy.NONE).preallocateAhead(false));
        if (snapshot != null && !walContinuesSnapshot(snapshot)) {
            // Crashed between writing a received snapshot and resetting the log: finish the reset.
            wal.reset(snapshot.index() + 1, snapshot.term());
        }
        storage = new WalLogStorage(wal, snapshot);
        if (snapshot != null) {
            stateMachine.restore(snapshot.data());
        } else {
            stateMachine.reset();
        }
        incarnation++;
        core = coreFactory.create(raftConfig, storage, hardState, new Random(coreSeed + incarnation * 7919L));
        pendingReady = null;
        lastSeenCommitIndex = core.commitIndex();
        up = true;
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

    /** The disk finished: force the log, replace hard state and snapshot; the Ready is now durable. */
    void completePersist(Ready ready, LogMatchingCheck logMatching) throws IOException {
        if (ready.snapshot() != null) {
            Snapshot snapshot = ready.snapshot();
            DurableFiles.writeSnapshot(nodeDirectory, snapshot);
            wal.reset(snapshot.index() + 1, snapshot.term());
            storage.snapshot(snapshot);
            stateMachine.restore(snapshot.data());
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
        Configuration membership = raftConfig.configuration();
        Snapshot snapshot = new Snapshot(new SnapshotMeta(applied, storage.term(applied), membership), stateMachine.snapshot());
        DurableFiles.writeSnapshot(nodeDirectory, snapshot);
        storage.snapshot(snapshot);
        wal.deleteBefore(applied + 1);
        return true;
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

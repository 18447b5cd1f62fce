package io.replog.replication.node;

import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.LogStorage;
import io.replog.replication.raft.PartialSnapshot;
import io.replog.replication.raft.Snapshot;
import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.ReadableFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The Raft core's read-only view of a node's write-ahead log and newest snapshot.
 * <p>
 * Invariants: {@code firstIndex() - 1 <= snapshotIndex <= lastIndex()}. The log keeps entries the
 * snapshot covers (compaction leaves {@code retainEntries} of them, and deletes whole segments only),
 * and they are served: a follower that lags by less than that catches up from the log, not by a
 * snapshot transfer. The core resumes applying after the snapshot's index, never before it. The
 * snapshot's bytes are never loaded whole: chunks for followers are positioned reads of its file.
 */
final class NodeLogStorage implements LogStorage, EntryArena.Views {
    /** WAL entry type of Raft entries. */
    static final int RAFT_ENTRY_TYPE = 1;
    /** Heap entries kept after they are written (a power of two): a leader applying its own proposals reads nothing. */
    private static final int RECENT_CAPACITY = 4096;
    private static final int RECENT_MASK = RECENT_CAPACITY - 1;
    /** Views of entries read back from the log between two sends (more are new objects: garbage, never wrong). */
    private static final int LOG_VIEWS = 4096;

    private final WriteAheadLog wal;
    private final NodeSnapshots snapshots;
    private final Entry flyweight = new Entry();
    private final PartialSnapshot partial;
    /**
     * The entries this node wrote last, by {@code index & RECENT_MASK}: each is the very entry the log holds at its
     * index (writes, truncations and resets of the log go through this class or tell it), so applying or resending
     * it reads nothing back from the log. A leader's are its proposals (heap); a follower's are views of its
     * {@link EntryArena}, forgotten ({@link #forgetViews}) before the arena reuses their bytes.
     */
    private final LogEntry[] recent = new LogEntry[RECENT_CAPACITY];
    /**
     * Views of entries read back from the log (a slow follower's, a restarted node's): recycled once the node has
     * sent every message built before ({@link #releaseLogViews}), so resending from the log allocates nothing.
     */
    private final LogEntry.ViewRing logViews = new LogEntry.ViewRing(LOG_VIEWS);
    /** Wraps the payload of the entry being written. */
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
    /** The newest durable snapshot and its file; the file is opened when a follower first needs chunks. */
    private Snapshot snapshot;
    private String snapshotFile;
    private ReadableFile openFile;

    NodeLogStorage(WriteAheadLog wal, NodeSnapshots snapshots, Snapshot snapshot, String snapshotFile, PartialSnapshot partial) {
        this.wal = wal;
        this.snapshots = snapshots;
        this.snapshot = snapshot;
        this.snapshotFile = snapshotFile;
        this.partial = partial;
    }

    WriteAheadLog wal() {
        return wal;
    }

    /** A newer snapshot is durable in {@code file}. */
    void snapshot(Snapshot newSnapshot, String file) {
        if (snapshot != null && newSnapshot.index() <= snapshot.index()) {
            throw new IllegalStateException("snapshot " + newSnapshot + " is not newer than " + snapshot);
        }
        closeFile();
        this.snapshot = newSnapshot;
        this.snapshotFile = file;
    }

    /** The file of the newest snapshot, null when there is none. */
    String snapshotFile() {
        return snapshotFile;
    }

    long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.index();
    }

    @Override
    public long firstIndex() {
        return wal.firstIndex();
    }

    @Override
    public long lastIndex() {
        return Math.max(wal.lastIndex(), snapshotIndex());
    }

    @Override
    public long term(long index) {
        if (snapshot != null && index == snapshot.index()) {
            return snapshot.term();
        }
        try {
            return wal.termAt(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes entries that continue the log, or replace its suffix from the first one's index (a Raft
     * conflict), into the log; the caller syncs (or leaves it to the group-commit thread).
     */
    void write(List<LogEntry> entries) throws IOException {
        long first = entries.get(0).index();
        if (first <= wal.lastIndex()) {
            forgetFrom(first);
            wal.truncateAfter(first - 1);
        } else if (first != wal.lastIndex() + 1) {
            throw new IllegalStateException("entries start at " + first + " but the log " + wal.describe() + " ends at " +
                wal.lastIndex());
        }
        WriteAheadLog.Batch batch = wal.batch();
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            entry.wrapPayload(payload);
            batch.add(entry.term(), RAFT_ENTRY_TYPE, payload, 0, entry.sizeBytes());
            recent[(int)(entry.index() & RECENT_MASK)] = entry;
        }
        batch.commit();
    }

    @Override
    public void forgetViews(long fromIndex, long toIndex) {
        for (long index = fromIndex; index <= toIndex; index++) {
            int slot = (int)(index & RECENT_MASK);
            if (recent[slot] != null && recent[slot].isView() && recent[slot].index() == index) {
                recent[slot] = null;
            }
        }
    }

    /** The log was reset (a snapshot installed): nothing kept describes it any more. */
    void forgetAll() {
        Arrays.fill(recent, null);
    }

    private void forgetFrom(long index) {
        for (int i = 0; i < recent.length; i++) {
            if (recent[i] != null && recent[i].index() >= index) {
                recent[i] = null;
            }
        }
    }

    /**
     * The entry as written if it is kept (a heap entry, or a view of the entry arena until the arena reuses its
     * bytes), else a view of it in the mapped log (no copy; see {@link LogEntry}): valid until its segment is deleted,
     * by compaction or truncation, and at most until {@link #releaseLogViews}. The node reads entries for the duty
     * cycle at hand, and sends what the core built from them before it compacts or releases the views; anything
     * handed to another thread is copied ({@link LogEntry#onHeap()}).
     */
    @Override
    public LogEntry entry(long index) {
        LogEntry kept = recent[(int)(index & RECENT_MASK)];
        if (kept != null && kept.index() == index) {
            return kept;
        }
        try {
            if (!wal.read(index, flyweight)) {
                throw new IllegalStateException("entry " + index + " is outside the log [" + wal.firstIndex() + ", " +
                    wal.lastIndex() + "] of " + wal.describe());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logViews.next(index, flyweight.term(), flyweight.buffer(), flyweight.payloadOffset(), flyweight.payloadLength());
    }

    /**
     * The node sent every message built so far and applied every entry it took to apply: no view {@link #entry} read
     * back from the log is referred to any more, and they may stand for other entries from now on.
     */
    void releaseLogViews() {
        logViews.releaseTo(logViews.position());
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    /** A positioned read of the snapshot file; the file stays open while it is the newest (and readable if deleted). */
    @Override
    public byte[] readSnapshot(Snapshot wanted, long offsetBytes, int maxLengthBytes) {
        if (!wanted.sameBytes(snapshot)) {
            throw new IllegalArgumentException("asked for " + wanted + " but the newest snapshot is " + snapshot);
        }
        int length = (int)Math.min(maxLengthBytes, snapshot.lengthBytes() - offsetBytes);
        ByteBuffer chunk = ByteBuffer.allocate(length);
        try {
            if (openFile == null) {
                openFile = snapshots.openRaw(snapshotFile);
            }
            while (chunk.hasRemaining()) {
                if (openFile.read(chunk, offsetBytes + chunk.position()) < 0) {
                    throw new IOException("snapshot " + snapshotFile + " ends at " + (offsetBytes + chunk.position()) +
                        " bytes, before the " + snapshot.lengthBytes() + " its trailer records");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read snapshot " + snapshotFile + " at offset " + offsetBytes +
                " to send it to a follower", e);
        }
        return chunk.array();
    }

    @Override
    public PartialSnapshot partialSnapshot() {
        return partial;
    }

    void closeFile() {
        if (openFile != null) {
            try {
                openFile.close();
            } catch (IOException e) {
                // A read-only file: nothing to lose.
            }
            openFile = null;
        }
    }
}

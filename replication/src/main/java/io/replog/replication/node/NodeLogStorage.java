package io.replog.replication.node;

import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.LogStorage;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.wal.CorruptLogException;
import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Raft core's read-only view of a node's write-ahead log and newest snapshot.
 * <p>
 * Invariant: {@code firstIndex() == snapshotIndex + 1} when a snapshot exists, even while the WAL
 * still holds older entries (it deletes whole segments only), so that entries covered by the
 * snapshot are never handed to the core again.
 */
final class NodeLogStorage implements LogStorage {
    /** WAL entry type of Raft entries. */
    static final int RAFT_ENTRY_TYPE = 1;

    private final WriteAheadLog wal;
    private final NodeSnapshots snapshots;
    private final Entry flyweight = new Entry();
    /** The newest durable snapshot; its bytes are loaded from its file when the core first asks. */
    private SnapshotMeta snapshotMeta;
    private String snapshotFile;
    private Snapshot loaded;

    NodeLogStorage(WriteAheadLog wal, NodeSnapshots snapshots, SnapshotMeta snapshotMeta, String snapshotFile) {
        this.wal = wal;
        this.snapshots = snapshots;
        this.snapshotMeta = snapshotMeta;
        this.snapshotFile = snapshotFile;
    }

    WriteAheadLog wal() {
        return wal;
    }

    /** A newer snapshot is durable in {@code file}; {@code bytes} may be null (loaded on demand). */
    void snapshot(SnapshotMeta meta, String file, byte[] bytes) {
        this.snapshotMeta = meta;
        this.snapshotFile = file;
        this.loaded = bytes == null ? null : new Snapshot(meta, bytes);
    }

    /** The file of the newest snapshot, null when there is none. */
    String snapshotFile() {
        return snapshotFile;
    }

    long snapshotIndex() {
        return snapshotMeta == null ? 0 : snapshotMeta.index();
    }

    @Override
    public long firstIndex() {
        return Math.max(snapshotIndex() + 1, wal.firstIndex());
    }

    @Override
    public long lastIndex() {
        return Math.max(wal.lastIndex(), snapshotIndex());
    }

    @Override
    public long term(long index) {
        if (snapshotMeta != null && index == snapshotMeta.index()) {
            return snapshotMeta.term();
        }
        try {
            return wal.termAt(index);
        } catch (CorruptLogException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public LogEntry entry(long index) {
        try {
            if (!wal.read(index, flyweight)) {
                throw new IllegalStateException("entry " + index + " is outside the log [" + wal.firstIndex() + ", " +
                    wal.lastIndex() + "] of " + wal.describe());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LogEntry(index, flyweight.term(), flyweight.payloadBytes());
    }

    /** The newest snapshot with its bytes (read from its file once, then kept while it is the newest). */
    @Override
    public Snapshot snapshot() {
        if (snapshotMeta == null) {
            return null;
        }
        if (loaded == null) {
            try {
                loaded = new Snapshot(snapshotMeta, snapshots.readBytes(snapshotFile));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read snapshot " + snapshotFile + " to send it to a follower", e);
            }
        }
        return loaded;
    }
}

package io.replog.replication.sim;

import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.LogStorage;
import io.replog.replication.raft.PartialSnapshot;
import io.replog.replication.raft.Snapshot;
import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The core's view of a node's {@link WriteAheadLog} plus its newest snapshot (the bytes of its file,
 * which is what followers are sent) and the partial snapshot found on disk at start.
 * <p>
 * Invariant: {@code firstIndex() - 1 <= snapshot.index() <= lastIndex()}. The WAL deletes whole
 * segments only, so it usually keeps entries the snapshot covers; with {@code serveRetainedEntries}
 * they are served (lagging followers catch up from them instead of a snapshot), otherwise the first
 * index is the snapshot's index + 1.
 */
final class WalLogStorage implements LogStorage {
    static final int ENTRY_TYPE = 1;

    private final WriteAheadLog wal;
    private final boolean serveRetainedEntries;
    private final Entry flyweight = new Entry();
    private final PartialSnapshot partial;
    private Snapshot snapshot;
    private byte[] snapshotFileBytes;

    WalLogStorage(WriteAheadLog wal, byte[] snapshotFileBytes, PartialSnapshot partial, boolean serveRetainedEntries) {
        this.wal = wal;
        this.serveRetainedEntries = serveRetainedEntries;
        this.partial = partial;
        snapshot(snapshotFileBytes);
    }

    WriteAheadLog wal() {
        return wal;
    }

    /** A newer snapshot is durable; {@code fileBytes} is its file (null: none). */
    void snapshot(byte[] fileBytes) {
        this.snapshotFileBytes = fileBytes;
        this.snapshot = fileBytes == null ? null : DurableFiles.describe(fileBytes);
    }

    private long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.index();
    }

    @Override
    public long firstIndex() {
        return serveRetainedEntries ? wal.firstIndex() : Math.max(snapshotIndex() + 1, wal.firstIndex());
    }

    @Override
    public long lastIndex() {
        return wal.lastIndex();
    }

    @Override
    public long term(long index) {
        if (snapshot != null && index == snapshot.index()) {
            return snapshot.term();
        }
        try {
            return wal.termAt(index);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the term of index " + index + " from " + wal.describe(), e);
        }
    }

    @Override
    public LogEntry entry(long index) {
        try {
            if (!wal.read(index, flyweight)) {
                throw new IndexOutOfBoundsException("index " + index + " not in " + wal.describe()
                    + " [" + wal.firstIndex() + ", " + wal.lastIndex() + "]");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading index " + index + " from " + wal.describe(), e);
        }
        byte[] payload = new byte[flyweight.payloadLength()];
        flyweight.buffer().getBytes(flyweight.payloadOffset(), payload);
        return new LogEntry(index, flyweight.term(), payload);
    }

    @Override
    public Snapshot snapshot() {
        return snapshot;
    }

    @Override
    public byte[] readSnapshot(Snapshot wanted, long offsetBytes, int maxLengthBytes) {
        if (!wanted.sameBytes(snapshot)) {
            throw new IllegalArgumentException("asked for " + wanted + " but holds " + snapshot);
        }
        int from = (int)offsetBytes;
        return Arrays.copyOfRange(snapshotFileBytes, from, Math.min(snapshotFileBytes.length, from + maxLengthBytes));
    }

    @Override
    public PartialSnapshot partialSnapshot() {
        return partial;
    }
}

package io.replog.replication.sim;

import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.LogStorage;
import io.replog.replication.raft.Snapshot;
import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The core's view of a node's {@link WriteAheadLog} plus its newest snapshot.
 * <p>
 * Invariant: {@code firstIndex() == snapshotIndex + 1} even when the WAL still holds older entries
 * (it deletes whole segments only): entries covered by the snapshot are never served, so a
 * restarted node resumes applying exactly after its snapshot.
 */
final class WalLogStorage implements LogStorage {
    static final int ENTRY_TYPE = 1;

    private final WriteAheadLog wal;
    private final Entry flyweight = new Entry();
    private Snapshot snapshot;

    WalLogStorage(WriteAheadLog wal, Snapshot snapshot) {
        this.wal = wal;
        this.snapshot = snapshot;
    }

    WriteAheadLog wal() {
        return wal;
    }

    void snapshot(Snapshot newSnapshot) {
        this.snapshot = newSnapshot;
    }

    private long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.index();
    }

    @Override
    public long firstIndex() {
        return Math.max(snapshotIndex() + 1, wal.firstIndex());
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
}

package io.replog.replication.raft;

import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A {@link LogStorage} in memory, for tests and hosts that keep their log elsewhere. Entries are
 * kept in an {@link EntryList} whose element 0 is the entry at {@link #firstIndex()}.
 * <p>
 * Invariant: {@code snapshotIndex + entries.size() == lastIndex()}.
 */
public final class MemoryLogStorage implements LogStorage {
    private final EntryList entries = new EntryList();
    private Snapshot snapshot;
    private byte[] snapshotData;
    /** Index and term of the last compacted entry (0/0 for a fresh log). */
    private long snapshotIndex;
    private long snapshotTerm;

    @Override
    public long firstIndex() {
        return snapshotIndex + 1;
    }

    @Override
    public long lastIndex() {
        return snapshotIndex + entries.size();
    }

    @Override
    public long term(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        return entry(index).term();
    }

    @Override
    public LogEntry entry(long index) {
        if (index <= snapshotIndex || index > lastIndex()) {
            throw new IndexOutOfBoundsException("index " + index + " outside [" + firstIndex() + ", " + lastIndex() + "]");
        }
        return entries.get((int)(index - snapshotIndex - 1));
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
        return Arrays.copyOfRange(snapshotData, from, Math.min(snapshotData.length, from + maxLengthBytes));
    }

    /** The bytes of the current snapshot (null if none). */
    public byte[] snapshotData() {
        return snapshotData;
    }

    /** Describes {@code data} as a snapshot (its checksum is a CRC32C of the bytes). */
    public static Snapshot describe(SnapshotMeta meta, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return new Snapshot(meta, data.length, crc.getValue());
    }

    /** Appends, first dropping every entry at or after the first new index (a Raft conflict). */
    public void append(List<LogEntry> newEntries) {
        if (newEntries.isEmpty()) {
            return;
        }
        long firstNewIndex = newEntries.get(0).index();
        if (firstNewIndex <= snapshotIndex || firstNewIndex > lastIndex() + 1) {
            throw new IllegalArgumentException("cannot append at index " + firstNewIndex + " to log [" + firstIndex() + ", " + lastIndex() + "]");
        }
        truncateAfter(firstNewIndex - 1);
        entries.addAll(newEntries, 0); // one array copy from a Ready's list, see EntryList
    }

    public void truncateAfter(long index) {
        entries.truncate((int)(index - snapshotIndex));
    }

    /** Replaces the whole log by a snapshot received from the leader. */
    public void installSnapshot(Snapshot newSnapshot, byte[] data) {
        if (!describe(newSnapshot.meta(), data).sameBytes(newSnapshot)) {
            throw new IllegalArgumentException("the bytes given are not those of " + newSnapshot);
        }
        snapshot = newSnapshot;
        snapshotData = data;
        snapshotIndex = newSnapshot.index();
        snapshotTerm = newSnapshot.term();
        entries.clear();
    }

    /** Records a snapshot taken locally at {@code meta.index() <= lastIndex()} and drops the entries it covers. */
    public void compact(SnapshotMeta meta, byte[] data) {
        Snapshot newSnapshot = describe(meta, data);
        long index = newSnapshot.index();
        if (index <= snapshotIndex || index > lastIndex()) {
            throw new IllegalArgumentException("cannot compact to " + index + " in log [" + firstIndex() + ", " + lastIndex() + "]");
        }
        entries.removeFirst((int)(index - snapshotIndex));
        snapshot = newSnapshot;
        snapshotData = data;
        snapshotIndex = index;
        snapshotTerm = newSnapshot.term();
    }
}

package io.replog.replication.raft;

import java.util.Arrays;
import java.util.List;

/**
 * Entries (and at most one snapshot) the core has accepted but the host has not yet persisted.
 * <p>
 * The entries live in {@code buffer[start, start + count)}, an array that grows only while the count of pending
 * entries reaches a new high, so holding and releasing entries allocates nothing in steady state.
 * <p>
 * Invariants: {@code entry(offset + i).index() == offset + i}; slots outside {@code [start, start + count)}
 * are null (no stale reference keeps a persisted entry alive); if {@code snapshot != null} then
 * {@code offset == snapshot.index() + 1} or entries continue after the snapshot.
 * {@code offset} may be below the host's last stable index: the stable entries from
 * {@code offset} on are then conflicting ones the host must truncate when it persists these.
 */
final class Unstable {
    static final long UNKNOWN = -1;

    private LogEntry[] buffer = new LogEntry[64];
    private int start;
    private int count;
    private long offset;
    private Snapshot snapshot;

    Unstable(long offset) {
        this.offset = offset;
    }

    long offset() {
        return offset;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** Pending entries; {@code entry(offset() + i)} is the i-th of them. */
    int count() {
        return count;
    }

    boolean hasEntries() {
        return count > 0;
    }

    /** Adds every pending entry, in order, to {@code out}. */
    void copyEntriesTo(EntryList out) {
        out.addRange(buffer, start, count);
    }

    /** Adds the {@code n} pending entries from {@code fromIndex} on to {@code out}. */
    void copyEntriesTo(long fromIndex, int n, EntryList out) {
        out.addRange(buffer, start + (int)(fromIndex - offset), n);
    }

    /** Last index held here, or UNKNOWN when neither entries nor a snapshot are pending. */
    long maybeLastIndex() {
        if (count > 0) {
            return offset + count - 1;
        }
        return snapshot != null ? snapshot.index() : UNKNOWN;
    }

    /** Term at {@code index} if this buffer knows it, else UNKNOWN (ask the stable log). */
    long maybeTerm(long index) {
        if (index < offset) {
            return snapshot != null && snapshot.index() == index ? snapshot.term() : UNKNOWN;
        }
        long last = maybeLastIndex();
        if (last == UNKNOWN || index > last) {
            return UNKNOWN;
        }
        return entry(index).term();
    }

    LogEntry entry(long index) {
        return buffer[start + (int)(index - offset)];
    }

    /** Whether this very entry is pending here. */
    boolean holds(LogEntry candidate) {
        long index = candidate.index();
        return index >= offset && index < offset + count && entry(index) == candidate;
    }

    /** Appends {@code newEntries[from, size)}, first dropping pending entries at or after the first new index. */
    void truncateAndAppend(List<LogEntry> newEntries, int from) {
        long firstNewIndex = newEntries.get(from).index();
        if (firstNewIndex <= offset) {
            // The new entries replace everything pending and possibly stable entries too.
            truncateTo(0);
            offset = firstNewIndex;
        } else if (firstNewIndex < offset + count) {
            truncateTo((int)(firstNewIndex - offset));
        } else if (firstNewIndex > offset + count) {
            throw new IllegalStateException("appending index " + firstNewIndex + " leaves a gap after pending index " + (offset + count - 1));
        }
        int n = newEntries.size() - from;
        if (newEntries instanceof EntryList batch) {
            if (start + count + n > buffer.length) {
                makeRoom(n);
            }
            System.arraycopy(batch.array(), from, buffer, start + count, n); // see EntryList: one barrier per range
            count += n;
            return;
        }
        for (int i = from; i < newEntries.size(); i++) {
            append(newEntries.get(i));
        }
    }

    void append(LogEntry entry) {
        if (start + count == buffer.length) {
            makeRoom(1);
        }
        buffer[start + count] = entry;
        count++;
    }

    /** Moves the entries to the front of the buffer, growing it (at least doubling) if {@code more} would fill more than half. */
    private void makeRoom(int more) {
        int needed = count + more;
        LogEntry[] target = needed > buffer.length / 2 ? new LogEntry[Math.max(buffer.length * 2, needed * 2)] : buffer;
        System.arraycopy(buffer, start, target, 0, count);
        if (target == buffer) {
            Arrays.fill(buffer, count, start + count, null);
        }
        buffer = target;
        start = 0;
    }

    /** Keeps the first {@code keep} pending entries. */
    private void truncateTo(int keep) {
        Arrays.fill(buffer, start + keep, start + count, null);
        count = keep;
    }

    /** The host persisted entries up to {@code index}, whose term was {@code term}. */
    void stableTo(long index, long term) {
        long pendingTerm = maybeTerm(index);
        if (index < offset || pendingTerm != term) {
            // Replaced while the host was writing: the newer entries are still pending.
            return;
        }
        int persisted = (int)(index + 1 - offset);
        Arrays.fill(buffer, start, start + persisted, null);
        start += persisted;
        count -= persisted;
        offset = index + 1;
        if (count == 0) {
            start = 0;
        }
    }

    void checkInvariants() {
        if (count < 0 || start < 0 || start + count > buffer.length) {
            throw new IllegalStateException("unstable entries [" + start + ", " + (start + count) + ") outside a buffer of " + buffer.length);
        }
        for (int i = 0; i < count; i++) {
            if (buffer[start + i].index() != offset + i) {
                throw new IllegalStateException("unstable entry " + i + " has index " + buffer[start + i].index() + ", not " + (offset + i));
            }
        }
        if (start > 0 && buffer[start - 1] != null || start + count < buffer.length && buffer[start + count] != null) {
            throw new IllegalStateException("a persisted or dropped entry is still referenced next to [" + start + ", " + (start + count) + ")");
        }
    }

    void snapshotStable(long index) {
        if (snapshot != null && snapshot.index() == index) {
            snapshot = null;
        }
    }

    void restore(Snapshot newSnapshot) {
        truncateTo(0);
        start = 0;
        offset = newSnapshot.index() + 1;
        snapshot = newSnapshot;
    }
}

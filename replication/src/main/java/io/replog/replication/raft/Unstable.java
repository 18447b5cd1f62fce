package io.replog.replication.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * Entries (and at most one snapshot) the core has accepted but the host has not yet persisted.
 * <p>
 * Invariants: {@code entries.get(i).index() == offset + i}; if {@code snapshot != null} then
 * {@code offset == snapshot.index() + 1} or entries continue after the snapshot.
 * {@code offset} may be below the host's last stable index: the stable entries from
 * {@code offset} on are then conflicting ones the host must truncate when it persists these.
 */
final class Unstable {
    static final long UNKNOWN = -1;

    private final List<LogEntry> entries = new ArrayList<>();
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

    List<LogEntry> entries() {
        return entries;
    }

    boolean hasEntries() {
        return !entries.isEmpty();
    }

    /** Last index held here, or UNKNOWN when neither entries nor a snapshot are pending. */
    long maybeLastIndex() {
        if (!entries.isEmpty()) {
            return offset + entries.size() - 1;
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
        return entries.get((int)(index - offset)).term();
    }

    LogEntry entry(long index) {
        return entries.get((int)(index - offset));
    }

    void truncateAndAppend(List<LogEntry> newEntries) {
        long firstNewIndex = newEntries.get(0).index();
        if (firstNewIndex == offset + entries.size()) {
            entries.addAll(newEntries);
        } else if (firstNewIndex <= offset) {
            // The new entries replace everything pending and possibly stable entries too.
            offset = firstNewIndex;
            entries.clear();
            entries.addAll(newEntries);
        } else {
            entries.subList((int)(firstNewIndex - offset), entries.size()).clear();
            entries.addAll(newEntries);
        }
    }

    void append(LogEntry entry) {
        entries.add(entry);
    }

    /** The host persisted entries up to {@code index}, whose term was {@code term}. */
    void stableTo(long index, long term) {
        long pendingTerm = maybeTerm(index);
        if (index < offset || pendingTerm != term) {
            // Replaced while the host was writing: the newer entries are still pending.
            return;
        }
        entries.subList(0, (int)(index + 1 - offset)).clear();
        offset = index + 1;
    }

    void snapshotStable(long index) {
        if (snapshot != null && snapshot.index() == index) {
            snapshot = null;
        }
    }

    void restore(Snapshot newSnapshot) {
        offset = newSnapshot.index() + 1;
        entries.clear();
        snapshot = newSnapshot;
    }
}

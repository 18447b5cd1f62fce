package io.replog.replication.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as the core sees it: the host's stable {@link LogStorage} overlaid with the
 * {@link Unstable} entries not yet persisted, plus the commit and apply cursors.
 * <p>
 * Invariants (checked by {@link #checkInvariants()}):
 * {@code appliedIndex <= applyingIndex <= committedIndex <= lastIndex()}, and
 * {@code firstIndex() - 1 <= committedIndex}: compaction only covers committed entries. The stable
 * log may start below its snapshot (it retains entries for lagging followers), so where to resume
 * applying after a restart is the snapshot's index, not {@code firstIndex() - 1}.
 */
final class RaftLog {
    static final long UNAVAILABLE = -1;

    private final LogStorage storage;
    private final Unstable unstable;
    /** Highest index known committed; never decreases. */
    private long committedIndex;
    /**
     * Highest index the host has applied: acknowledged by {@link RaftNode#advance(Ready)}, or handed out by
     * {@link RaftNode#takeCommittedEntries()} (applied before the host calls the core again).
     */
    private long appliedIndex;
    /** Highest index handed to the host to apply, in a Ready or otherwise; {@code appliedIndex <= applyingIndex}. */
    private long applyingIndex;

    RaftLog(LogStorage storage, long committedHintIndex) {
        this.storage = storage;
        this.unstable = new Unstable(storage.lastIndex() + 1);
        Snapshot snapshot = storage.snapshot();
        long snapshotIndex = Math.max(storage.firstIndex() - 1, snapshot == null ? 0 : snapshot.index());
        this.appliedIndex = snapshotIndex;
        this.applyingIndex = snapshotIndex;
        this.committedIndex = Math.max(snapshotIndex, Math.min(committedHintIndex, storage.lastIndex()));
    }

    long committedIndex() {
        return committedIndex;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    Unstable unstable() {
        return unstable;
    }

    LogStorage storage() {
        return storage;
    }

    long firstIndex() {
        Snapshot pending = unstable.snapshot();
        return pending != null ? pending.index() + 1 : storage.firstIndex();
    }

    long lastIndex() {
        long last = unstable.maybeLastIndex();
        return last != Unstable.UNKNOWN ? last : storage.lastIndex();
    }

    /** The last index the host has persisted (and the core knows it has). */
    long stableLastIndex() {
        return Math.min(unstable.offset() - 1, storage.lastIndex());
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Term at {@code index}, or {@link #UNAVAILABLE} if compacted away or past the end. */
    long term(long index) {
        if (index < firstIndex() - 1 || index > lastIndex()) {
            return UNAVAILABLE;
        }
        long term = unstable.maybeTerm(index);
        if (term != Unstable.UNKNOWN) {
            return term;
        }
        return index < storage.firstIndex() - 1 ? UNAVAILABLE : storage.term(index);
    }

    boolean matchTerm(long index, long term) {
        long actual = term(index);
        return actual != UNAVAILABLE && actual == term;
    }

    /** Raft's "at least as up to date" comparison of a candidate's last entry with ours. */
    boolean isUpToDate(long lastIndex, long lastTerm) {
        long ourLastTerm = lastTerm();
        return lastTerm > ourLastTerm || (lastTerm == ourLastTerm && lastIndex >= lastIndex());
    }

    LogEntry entry(long index) {
        return index >= unstable.offset() ? unstable.entry(index) : storage.entry(index);
    }

    /**
     * Up to {@code maxCount} entries from {@code fromIndex}, stopping before {@code maxBytes} is
     * exceeded but always at least one; null if {@code fromIndex} was compacted. Allocates a list: for
     * tests and diagnostics; the replication path uses {@link #entries(long, int, long, EntryList)}.
     */
    List<LogEntry> entries(long fromIndex, int maxCount, long maxBytes) {
        EntryList out = new EntryList();
        return entries(fromIndex, maxCount, maxBytes, out) ? out : null;
    }

    /**
     * Adds to {@code out} up to {@code maxCount} entries from {@code fromIndex}, stopping before
     * {@code maxBytes} is exceeded but always at least one; false (adding nothing) if {@code fromIndex}
     * was compacted. Stored entries are added as they are read (a read from the host's storage may cost);
     * pending ones are counted first and then copied in one run (see {@link EntryList} for why).
     */
    boolean entries(long fromIndex, int maxCount, long maxBytes, EntryList out) {
        if (fromIndex < firstIndex()) {
            return false;
        }
        long last = Math.min(lastIndex(), fromIndex + maxCount - 1);
        long bytes = 0;
        long index = fromIndex;
        for (long stableEnd = Math.min(last + 1, unstable.offset()); index < stableEnd; index++) {
            LogEntry entry = storage.entry(index);
            bytes += entry.sizeBytes();
            if (index > fromIndex && bytes > maxBytes) {
                return true;
            }
            out.add(entry);
        }
        long runStart = index;
        for (; index <= last; index++) {
            bytes += unstable.entry(index).sizeBytes();
            if (index > fromIndex && bytes > maxBytes) {
                break;
            }
        }
        if (index > runStart) {
            unstable.copyEntriesTo(runStart, (int)(index - runStart), out);
        }
        return true;
    }

    /**
     * The follower side of AppendEntries: if our entry at {@code prevIndex} has {@code prevTerm},
     * append what is new (dropping conflicting suffixes) and advance the commit index. Returns the
     * index of the last new entry, or UNAVAILABLE when the previous entry does not match.
     */
    long maybeAppend(long prevIndex, long prevTerm, long leaderCommitIndex, List<LogEntry> entries) {
        if (!matchTerm(prevIndex, prevTerm)) {
            return UNAVAILABLE;
        }
        long lastNewIndex = prevIndex + entries.size();
        long conflictIndex = findConflict(entries);
        if (conflictIndex != 0) {
            if (conflictIndex <= committedIndex) {
                throw new IllegalStateException("entry " + conflictIndex + " conflicts with committed entry (commit " + committedIndex + ")");
            }
            append(entries, (int)(conflictIndex - prevIndex - 1));
        }
        commitTo(Math.min(leaderCommitIndex, lastNewIndex));
        return lastNewIndex;
    }

    /** Index of the first entry that is new or whose term differs from ours; 0 if all are present. */
    private long findConflict(List<LogEntry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            if (!matchTerm(entry.index(), entry.term())) {
                return entry.index();
            }
        }
        return 0;
    }

    /**
     * The largest index at or below {@code index} whose term is at or below {@code term}: every
     * entry above it certainly conflicts with a log whose entry at {@code index} has {@code term}.
     * This is the fast-backtracking hint (one round trip per term instead of per entry).
     */
    long findConflictByTerm(long index, long term) {
        if (index > lastIndex()) {
            return index;
        }
        for (; index > 0; index--) {
            long ourTerm = term(index);
            if (ourTerm == UNAVAILABLE || ourTerm <= term) {
                return index;
            }
        }
        return 0;
    }

    /** Appends {@code entries[from, size)}, replacing any conflicting suffix. */
    void append(List<LogEntry> entries, int from) {
        if (from >= entries.size()) {
            return;
        }
        long firstIndex = entries.get(from).index();
        if (firstIndex - 1 < committedIndex) {
            throw new IllegalStateException("appending at " + firstIndex + " would overwrite committed index " + committedIndex);
        }
        unstable.truncateAndAppend(entries, from);
    }

    void append(LogEntry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("appending index " + entry.index() + " after last index " + lastIndex());
        }
        if (unstable.offset() + unstable.count() == entry.index()) {
            unstable.append(entry);
        } else {
            unstable.truncateAndAppend(List.of(entry), 0);
        }
    }

    void commitTo(long index) {
        if (index <= committedIndex) {
            return;
        }
        if (index > lastIndex()) {
            throw new IllegalStateException("commit index " + index + " is past the last index " + lastIndex());
        }
        committedIndex = index;
    }

    /** Commits {@code index} if it is newer and its entry belongs to {@code term}; says whether it did. */
    boolean maybeCommit(long index, long term) {
        if (index > committedIndex && term(index) == term) {
            commitTo(index);
            return true;
        }
        return false;
    }

    /** {@link #nextCommittedEntries(long, EntryList)} into a new list, for tests. */
    List<LogEntry> nextCommittedEntries(long maxBytes) {
        EntryList out = new EntryList();
        nextCommittedEntries(maxBytes, out);
        return out;
    }

    /**
     * Adds to {@code out} the committed entries the host has persisted and not yet been given to apply, up
     * to {@code maxBytes} (at least one): they count as applying from now on.
     */
    void nextCommittedEntries(long maxBytes, EntryList out) {
        if (!hasNextCommittedEntries()) {
            return;
        }
        long applyUpToIndex = Math.min(committedIndex, stableLastIndex());
        int sizeBefore = out.size();
        if (!entries(applyingIndex + 1, (int)Math.min(Integer.MAX_VALUE, applyUpToIndex - applyingIndex), maxBytes, out)) {
            throw new IllegalStateException("committed entries from " + (applyingIndex + 1) + " to apply were compacted (first index "
                + firstIndex() + ")");
        }
        if (out.size() > sizeBefore) {
            applyingIndex = out.get(out.size() - 1).index();
        }
    }

    boolean hasNextCommittedEntries() {
        return unstable.snapshot() == null && Math.min(committedIndex, stableLastIndex()) > applyingIndex;
    }

    /** The host applied every entry up to {@code index} (an older acknowledgement than one already had changes nothing). */
    void appliedTo(long index) {
        if (index > applyingIndex) {
            throw new IllegalStateException("applied index " + index + " beyond the entries handed out to apply (" + applyingIndex + ")");
        }
        appliedIndex = Math.max(appliedIndex, index);
    }

    void restore(Snapshot snapshot) {
        unstable.restore(snapshot);
        committedIndex = snapshot.index();
    }

    void snapshotPersisted(long index) {
        unstable.snapshotStable(index);
        if (index > appliedIndex) {
            appliedIndex = index;
        }
        applyingIndex = Math.max(applyingIndex, appliedIndex);
    }

    void checkInvariants() {
        unstable.checkInvariants();
        if (appliedIndex > applyingIndex || applyingIndex > committedIndex || committedIndex > lastIndex()) {
            throw new IllegalStateException("log cursors broken: applied " + appliedIndex + " applying " + applyingIndex + " commit "
                + committedIndex + " last " + lastIndex());
        }
        if (firstIndex() - 1 > committedIndex) {
            throw new IllegalStateException("log compacted to " + (firstIndex() - 1) + " beyond commit " + committedIndex);
        }
        Snapshot snapshot = storage.snapshot();
        if (snapshot != null && (snapshot.index() < storage.firstIndex() - 1 || snapshot.index() > storage.lastIndex())) {
            throw new IllegalStateException("stable log [" + storage.firstIndex() + ", " + storage.lastIndex() + "] does not reach "
                + snapshot + ": entries between them are lost");
        }
    }
}

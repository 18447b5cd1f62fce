package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaftLogTest {
    /** A stored log with one entry per given term, at indexes 1, 2, ... */
    private static MemoryLogStorage storageWithTerms(long... terms) {
        MemoryLogStorage storage = new MemoryLogStorage();
        storage.append(entries(1, terms));
        return storage;
    }

    private static List<LogEntry> entries(long firstIndex, long... terms) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            entries.add(new LogEntry(firstIndex + i, terms[i], new byte[] {(byte)i}));
        }
        return entries;
    }

    @Test
    void maybeAppendRejectsAMismatchedPreviousEntry() {
        RaftLog log = new RaftLog(storageWithTerms(1, 1, 2), 0);
        assertEquals(RaftLog.UNAVAILABLE, log.maybeAppend(3, 1, 0, entries(4, 3)), "entry 3 has term 2, not 1");
        assertEquals(RaftLog.UNAVAILABLE, log.maybeAppend(5, 2, 0, entries(6, 3)), "there is no entry 5");
        assertEquals(3, log.lastIndex(), "a rejected append changes nothing");
    }

    @Test
    void maybeAppendTruncatesOnlyFromTheFirstConflict() {
        RaftLog log = new RaftLog(storageWithTerms(1, 1, 2, 2), 1);
        long lastNew = log.maybeAppend(1, 1, 3, entries(2, 1, 3));
        assertEquals(3, lastNew);
        assertEquals(3, log.lastIndex(), "entry 4 (term 2) was after the conflict at 3 and is gone");
        assertEquals(3, log.term(3));
        assertEquals(3, log.committedIndex(), "commit follows the leader, bounded by the last new entry");
        assertEquals(3, log.unstable().offset(), "the conflicting stored suffix from 3 is pending replacement");
    }

    @Test
    void maybeAppendKeepsEntriesPastAnAlreadyPresentPrefix() {
        RaftLog log = new RaftLog(storageWithTerms(1, 1, 2, 2), 0);
        long lastNew = log.maybeAppend(0, 0, 0, entries(1, 1, 1));
        assertEquals(2, lastNew, "acknowledges what the message carried");
        assertEquals(4, log.lastIndex(), "a stale, shorter append never truncates a matching log");
        assertFalse(log.unstable().hasEntries());
    }

    @Test
    void overwritingACommittedEntryIsRefused() {
        RaftLog log = new RaftLog(storageWithTerms(1, 1, 2), 3);
        assertThrows(IllegalStateException.class, () -> log.maybeAppend(1, 1, 3, entries(2, 5)));
    }

    @Test
    void findConflictByTermSkipsAWholeTermPerProbe() {
        RaftLog log = new RaftLog(storageWithTerms(1, 1, 2, 2, 2, 4, 4), 0);
        assertEquals(5, log.findConflictByTerm(7, 3), "the last entry with term <= 3 is 5 (term 2)");
        assertEquals(2, log.findConflictByTerm(7, 1));
        assertEquals(0, log.findConflictByTerm(7, 0));
        assertEquals(9, log.findConflictByTerm(9, 4), "past the end the index itself is returned");
    }

    @Test
    void isUpToDateComparesLastTermThenLength() {
        RaftLog log = new RaftLog(storageWithTerms(1, 2, 2), 0);
        assertTrue(log.isUpToDate(1, 3), "a higher last term wins even when shorter");
        assertTrue(log.isUpToDate(3, 2));
        assertFalse(log.isUpToDate(2, 2), "same term, shorter");
        assertFalse(log.isUpToDate(9, 1), "lower last term loses even when longer");
    }

    @Test
    void committedEntriesAreHandedOutOnlyOncePersisted() {
        RaftLog log = new RaftLog(storageWithTerms(1, 1), 0);
        log.append(new LogEntry(3, 1, new byte[0]));
        log.commitTo(3);
        assertEquals(List.of(1L, 2L), log.nextCommittedEntries(Long.MAX_VALUE).stream().map(LogEntry::index).toList(),
            "entry 3 is committed but not yet persisted locally");
        log.appliedTo(2);
        assertTrue(log.nextCommittedEntries(Long.MAX_VALUE).isEmpty());
    }

    @Test
    void entriesBelowACompactedPrefixAreUnavailable() {
        MemoryLogStorage storage = storageWithTerms(1, 1, 2, 2);
        storage.compact(new SnapshotMeta(2, 1, Configuration.ofVoters(1)), new byte[0]);
        RaftLog log = new RaftLog(storage, 0);
        assertEquals(3, log.firstIndex());
        assertEquals(2, log.committedIndex(), "a snapshot covers only committed entries");
        assertEquals(1, log.term(2), "the snapshot's term answers for its index");
        assertEquals(RaftLog.UNAVAILABLE, log.term(1));
        assertNull(log.entries(2, 10, Long.MAX_VALUE), "index 2 was compacted");
        assertEquals(2, log.entries(3, 10, Long.MAX_VALUE).size());
    }

    @Test
    void entriesRespectTheByteLimitButReturnAtLeastOne() {
        MemoryLogStorage storage = new MemoryLogStorage();
        storage.append(List.of(new LogEntry(1, 1, new byte[100]), new LogEntry(2, 1, new byte[100]), new LogEntry(3, 1, new byte[100])));
        RaftLog log = new RaftLog(storage, 0);
        assertEquals(1, log.entries(1, 10, 50).size(), "one entry even above the limit");
        assertEquals(2, log.entries(1, 10, 200).size());
        assertEquals(2, log.entries(1, 2, Long.MAX_VALUE).size(), "count limit");
    }
}

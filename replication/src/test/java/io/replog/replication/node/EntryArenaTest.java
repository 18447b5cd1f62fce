package io.replog.replication.node;

import io.replog.replication.raft.LogEntry;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EntryArena} against a model of what the core holds: an unpersisted suffix of the log, which messages
 * extend or replace and persistence shortens from the front. Whatever the core still holds must keep its bytes,
 * whatever it dropped must come back to the ring.
 */
class EntryArenaTest {
    /** The core's unpersisted entries, contiguous from {@code offset}, with the bytes each must still have. */
    private static final class ModelCore {
        long offset = 1;
        final List<LogEntry> held = new ArrayList<>();
        final List<byte[]> expected = new ArrayList<>();

        long last() {
            return offset + held.size() - 1;
        }

        void checkHeld(String context) {
            for (int i = 0; i < held.size(); i++) {
                assertEquals(offset + i, held.get(i).index(), context + ": the view held by the core for entry " +
                    (offset + i) + " was recycled for another entry");
                assertArrayEquals(expected.get(i), held.get(i).data(), context + ": entry " + held.get(i).index() +
                    " held by the core was overwritten");
            }
        }
    }

    /** A ring smaller than what the core holds: entries wrap and fall back, and none held may be overwritten. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026, 77_777})
    void entriesTheCoreHoldsKeepTheirBytesInATightRing(long seed) {
        run(seed, 8 * 1024);
    }

    /** A ring larger than what the core holds: released space and view objects are reused, so few entries fall back. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 6, 7})
    void releasedSpaceIsReused(long seed) {
        java.util.Set<LogEntry> distinctViews = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        NodeCounters counters = run(seed, 64 * 1024, distinctViews);
        assertTrue(counters.arenaFallbacks() < 15_000, "seed " + seed + ": " + counters.arenaFallbacks() +
            " of about 67,000 entries fell back to the heap: the ring is not reused");
        assertTrue(distinctViews.size() <= 1024 + counters.arenaFallbacks(), "seed " + seed + ": " + distinctViews.size() +
            " distinct view objects for about 67,000 entries (a 64 KiB ring has 1024 to recycle, and " +
            counters.arenaFallbacks() + " entries fell back): views are not recycled");
    }

    private static NodeCounters run(long seed, int ringBytes) {
        return run(seed, ringBytes, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static NodeCounters run(long seed, int ringBytes, java.util.Set<LogEntry> handedOut) {
        Random random = new Random(seed);
        NodeCounters counters = new NodeCounters();
        // The node's recent entries: persisted views kept until the arena says to forget them, which must keep
        // their bytes until then (the node applies from them).
        java.util.TreeMap<Long, LogEntry> kept = new java.util.TreeMap<>();
        java.util.Map<LogEntry, byte[]> keptBytes = new java.util.IdentityHashMap<>();
        EntryArena arena = new EntryArena(ringBytes, counters, (from, to) -> {
            for (LogEntry forgotten : kept.subMap(from, true, to, true).values()) {
                keptBytes.remove(forgotten);
            }
            kept.subMap(from, true, to, true).clear();
        });
        ModelCore core = new ModelCore();
        long applied = 0;
        UnsafeBuffer frame = new UnsafeBuffer(new byte[4096]);
        long maxKeptIndex = 0;
        for (int step = 0; step < 20_000; step++) {
            String context = "seed " + seed + ", step " + step;
            if (random.nextInt(4) == 0) {
                // Persisted up to a point: the core drops held entries below it, the host releases.
                long persistedTo = core.offset + random.nextInt(core.held.size() + 1);
                while (core.offset < persistedTo) {
                    LogEntry persisted = core.held.remove(0);
                    byte[] bytes = core.expected.remove(0);
                    if (persisted.isView()) {
                        LogEntry replaced = kept.put(persisted.index(), persisted);
                        if (replaced != null) {
                            keptBytes.remove(replaced);
                        }
                        keptBytes.put(persisted, bytes);
                    }
                    core.offset++;
                }
                // Applied up to a point at or below what is persisted (it may lag, or catch up at once).
                applied = Math.max(applied, Math.min(core.offset - 1, applied + random.nextInt(40)));
                arena.release(Math.min(core.offset, applied + 1));
                if (core.held.isEmpty() && core.offset > maxKeptIndex && applied >= core.offset - 1) {
                    // (Entries replaced before they were persisted stay until the log passes them: conservative.)
                    assertEquals(0, arena.usedBytes(), context + ": nothing is held, yet the ring keeps bytes");
                    assertEquals(0, arena.outstandingViews(), context + ": nothing is held, yet views are not given back");
                }
            } else {
                // A message of 1..8 entries starting at or before the log's end (at most 3 before what is held).
                long first = Math.max(1, core.last() + 1 - random.nextInt(core.held.size() + 4));
                int count = 1 + random.nextInt(8);
                arena.beginMessage();
                List<LogEntry> decoded = new ArrayList<>();
                List<byte[]> bytes = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    byte[] payload = new byte[1 + random.nextInt(900)];
                    random.nextBytes(payload);
                    frame.putBytes(0, payload);
                    LogEntry entry = arena.entry(first + i, 1, frame, 0, payload.length);
                    decoded.add(entry);
                    if (entry.isView()) {
                        handedOut.add(entry);
                    }
                    bytes.add(payload);
                    frame.setMemory(0, payload.length, (byte)0x5A); // the transport reuses its frame at once
                }
                int outcome = random.nextInt(10);
                if (outcome == 0) {
                    arena.abortMessage(); // malformed: never stepped
                } else {
                    // The core keeps the message's entries from the first that conflicts with (or extends) its log,
                    // which may lie before what it holds unpersisted (the host then truncates persisted entries).
                    long conflict = first + random.nextInt((int)(Math.min(first + count, core.last() + 1) - first) + 1);
                    // Applied entries are committed: they never conflict.
                    conflict = Math.max(conflict, Math.min(applied + 1, first + count));
                    if (outcome == 1 || conflict == first + count) {
                        arena.endMessage(0); // a duplicate or a rejected AppendEntries: nothing kept
                    } else {
                        if (conflict < core.offset) {
                            core.held.clear();
                            core.expected.clear();
                            core.offset = conflict;
                            // The node truncates its log there and forgets what it kept from there on.
                            for (LogEntry forgotten : kept.tailMap(conflict, true).values()) {
                                keptBytes.remove(forgotten);
                            }
                            kept.tailMap(conflict, true).clear();
                        }
                        while (core.last() >= conflict) {
                            core.held.remove(core.held.size() - 1);
                            core.expected.remove(core.expected.size() - 1);
                        }
                        for (int i = (int)(conflict - first); i < count; i++) {
                            core.held.add(decoded.get(i));
                            core.expected.add(bytes.get(i));
                        }
                        arena.endMessage(first + count - 1);
                        maxKeptIndex = Math.max(maxKeptIndex, first + count - 1);
                    }
                }
            }
            core.checkHeld(context);
            for (java.util.Map.Entry<Long, LogEntry> view : kept.entrySet()) {
                assertEquals(view.getKey(), view.getValue().index(), context + ": the view kept until applied for entry " +
                    view.getKey() + " was recycled for another entry");
            }
            for (java.util.Map.Entry<LogEntry, byte[]> view : keptBytes.entrySet()) {
                assertArrayEquals(view.getValue(), view.getKey().data(), context + ": persisted entry " +
                    view.getKey().index() + " kept until applied was overwritten before the arena said to forget it");
            }
        }
        return counters;
    }

    @Test
    void aFullRingFallsBackToArraysAndCountsThem() {
        NodeCounters counters = new NodeCounters();
        EntryArena arena = new EntryArena(1024, counters, (from, to) -> { });
        UnsafeBuffer frame = new UnsafeBuffer(new byte[600]);
        frame.setMemory(0, 600, (byte)7);
        arena.beginMessage();
        LogEntry first = arena.entry(1, 1, frame, 0, 600);
        LogEntry second = arena.entry(2, 1, frame, 0, 600);
        arena.endMessage(2);
        assertTrue(first.isView(), "the first entry fits the ring");
        assertFalse(second.isView(), "the second does not, and gets an array");
        assertEquals(1, counters.arenaFallbacks());
        assertEquals(600, second.data().length);

        arena.release(3);
        arena.beginMessage();
        assertTrue(arena.entry(3, 1, frame, 0, 600).isView(), "released space is handed out again");
        arena.endMessage(3);
    }

    @Test
    void aDisabledArenaGivesArraysAndAnEmptyPayloadIsANoOp() {
        NodeCounters counters = new NodeCounters();
        EntryArena arena = new EntryArena(0, counters, (from, to) -> { });
        UnsafeBuffer frame = new UnsafeBuffer(new byte[] {1, 2, 3});
        arena.beginMessage();
        LogEntry entry = arena.entry(1, 1, frame, 0, 3);
        LogEntry noOp = arena.entry(2, 1, frame, 0, 0);
        arena.endMessage(2);
        assertFalse(entry.isView());
        assertArrayEquals(new byte[] {1, 2, 3}, entry.data());
        assertEquals(0, noOp.sizeBytes());
    }
}

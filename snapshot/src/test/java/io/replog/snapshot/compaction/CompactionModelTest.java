package io.replog.snapshot.compaction;

import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.TestSnapshots;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Compaction over random segment layouts, checked against a dumb reference. */
class CompactionModelTest {
    private static final long SEED = 0x5EED_0004L;

    @Test
    void compactionNeverDeletesASegmentHoldingEntriesAboveTheSnapshot() throws IOException {
        Random random = new Random(SEED);
        for (int round = 0; round < 5000; round++) {
            ModelLog log = ModelLog.random(random);
            long snapshotIndex = random.nextInt((int)log.lastIndex() + 50);
            long retain = random.nextBoolean() ? 0 : random.nextInt(200);
            String context = "seed " + SEED + " round " + round + ": snapshot " + snapshotIndex + ", retain " + retain +
                ", segments " + log.segments;
            List<SegmentDescription> before = log.segments();
            long firstIndexBefore = log.firstIndex();

            CompactionResult result = Compactor.compactAfter(snapshotAt(snapshotIndex), log, retain, false);

            List<SegmentDescription> deleted = before.stream().filter(s -> !log.segments.contains(s)).toList();
            List<SegmentDescription> reference = before.subList(0, before.size() - 1).stream()
                .filter(s -> s.lastIndex() <= snapshotIndex - retain).toList();
            assertEquals(reference, deleted, context);
            assertEquals(reference, result.plan().segmentsToDelete(), context);
            for (SegmentDescription segment : deleted) {
                assertTrue(segment.lastIndex() <= snapshotIndex, "deleted entries above the snapshot: " + context);
            }
            assertSame(before.get(before.size() - 1), log.segments.get(log.segments.size() - 1),
                "the open segment survives: " + context);
            assertEquals(log.firstIndex(), result.firstIndexAfter(), context);
            if (firstIndexBefore <= snapshotIndex + 1) {
                assertTrue(log.firstIndex() <= snapshotIndex + 1, "gap after compaction: " + context);
            }
            assertTrue(log.firstIndex() <= Math.max(firstIndexBefore, snapshotIndex - retain + 1),
                "entries the retention margin keeps were deleted: " + context);
        }
    }

    @Test
    void aDryRunPlansExactlyWhatTheRealRunDeletesAndDeletesNothing() throws IOException {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 1000; round++) {
            ModelLog log = ModelLog.random(random);
            long snapshotIndex = random.nextInt((int)log.lastIndex() + 50);
            long retain = random.nextInt(100);
            String context = "seed " + (SEED + 1) + " round " + round;
            List<SegmentDescription> before = log.segments();

            CompactionResult dryRun = Compactor.compactAfter(snapshotAt(snapshotIndex), log, retain, true);
            assertEquals(before, log.segments, context);
            assertEquals(0, log.deleteCalls, context);
            assertFalse(dryRun.deletedAnything(), context);

            CompactionResult real = Compactor.compactAfter(snapshotAt(snapshotIndex), log, retain, false);
            assertEquals(dryRun.plan(), real.plan(), context);
            assertEquals(dryRun.firstIndexAfter(), real.firstIndexAfter(), context);
        }
    }

    @Test
    void aLogWithAHoleIsNotCompacted() {
        List<SegmentDescription> holed = List.of(new SegmentDescription("a", 1, 100, 1),
            new SegmentDescription("b", 102, 200, 1), new SegmentDescription("c", 201, 250, 1));
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
            () -> CompactionPlanner.plan(holed, 250, 0));
        assertTrue(refusal.getMessage().contains("not contiguous"), refusal.getMessage());
    }

    @Test
    void aLogThatDeletesPastTheSnapshotIsCaught() {
        ModelLog liar = new ModelLog() {
            @Override
            public long deleteBefore(long index) {
                return index + 1000;
            }
        };
        liar.segments.add(new SegmentDescription("a", 1, 100, 1));
        liar.segments.add(new SegmentDescription("b", 101, 200, 1));
        assertThrows(IllegalStateException.class, () -> Compactor.compactAfter(snapshotAt(150), liar, 0, false));
    }

    @Test
    void policyTriggersOnEntriesOrLogBytesSinceTheLastSnapshot() {
        List<SegmentDescription> segments = List.of(new SegmentDescription("a", 1, 100, 1000),
            new SegmentDescription("b", 101, 200, 1000), new SegmentDescription("c", 201, 250, 500));
        CompactionPolicy byEntries = new CompactionPolicy(100, 0, 0);
        assertFalse(byEntries.shouldSnapshot(150, 249, segments));
        assertTrue(byEntries.shouldSnapshot(150, 250, segments));
        assertFalse(byEntries.shouldSnapshot(250, 250, segments));

        CompactionPolicy byBytes = new CompactionPolicy(0, 1500, 0);
        assertEquals(1500, CompactionPolicy.logBytesAfter(segments, 150));
        assertTrue(byBytes.shouldSnapshot(150, 160, segments));
        assertFalse(byBytes.shouldSnapshot(200, 210, segments), "only segment c (500 bytes) holds newer entries");
        assertFalse(new CompactionPolicy(0, 0, 0).shouldSnapshot(0, 1_000_000, segments), "both triggers off");
    }

    private static SnapshotInfo snapshotAt(long index) {
        return TestSnapshots.at(index);
    }
}

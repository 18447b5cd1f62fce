package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures in the middle of truncation, compaction, reset and segment rolls: the log either completes
 * the change or stops (fail-stop), never keeps running on half-changed state, and what reopens after a
 * crash is the old log or the new one.
 */
class StructuralFailureTest {
    private static final int SEGMENT_BYTES = 16 * 1024;
    private static final String DIRECTORY = "/log";

    private final List<byte[]> payloads = new ArrayList<>();

    private static WalConfig config(SyncPolicy policy) {
        return new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(policy);
    }

    private WriteAheadLog writeSegments(Storage storage, int entries) throws IOException {
        Random random = new Random(entries);
        WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS));
        for (int i = 1; i <= entries; i++) {
            byte[] payload = new byte[200 + random.nextInt(300)];
            random.nextBytes(payload);
            payloads.add(payload);
            log.append(1 + i / 100, 0, payload);
        }
        assertTrue(log.segments().size() > 3, log.segments().toString());
        return log;
    }

    private void checkPrefix(WriteAheadLog log, long from, long to, String where) throws IOException {
        Entry entry = new Entry();
        for (long i = from; i <= to; i++) {
            assertTrue(log.read(i, entry), "read " + i + "; " + where);
            assertArrayEquals(payloads.get((int)i - 1), entry.payloadBytes(), "payload " + i + "; " + where);
        }
    }

    /** The k-th force from now fails, for each k, in the middle of a truncation that deletes segments. */
    @ParameterizedTest(name = "{0} forces succeed")
    @ValueSource(ints = {0, 1, 2})
    void aForceFailingDuringTruncateAfterStopsTheLogAndTheCrashLeavesAPrefix(int successfulForces) throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(successfulForces), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        WriteAheadLog log = writeSegments(storage, 300);
        long truncateAt = 57;
        disk.failSyncs(successfulForces);
        String where = successfulForces + " forces succeed, truncateAfter(" + truncateAt + ")";
        try {
            log.truncateAfter(truncateAt);
            assertEquals(truncateAt, log.lastIndex(), where);
        } catch (IOException e) {
            assertTrue(e instanceof LogFailedException, "a failed force is fail-stop, not " + e + "; " + where);
            assertThrows(LogFailedException.class, () -> log.append(5, 0, new byte[] {1}),
                "no append after a half-done truncation; " + where);
        }
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        log.close();
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS))) {
            assertTrue(reopened.lastIndex() >= truncateAt && reopened.lastIndex() <= 300, "a prefix of the old log: " +
                reopened.lastIndex() + "; " + where);
            checkPrefix(reopened, 1, reopened.lastIndex(), where);
        }
    }

    @ParameterizedTest(name = "{0} forces succeed")
    @ValueSource(ints = {0, 1, 2, 3})
    void aResetThatFailsHalfwayLeavesTheOldLogOrTheNewOne(int successfulForces) throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(successfulForces), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        WriteAheadLog log = writeSegments(storage, 300);
        disk.failSyncs(successfulForces);
        String where = successfulForces + " forces succeed, reset(1001, 7)";
        boolean resetReturned = false;
        try {
            log.reset(1001, 7);
            resetReturned = true;
        } catch (LogFailedException e) {
            assertThrows(LogFailedException.class, () -> log.append(7, 0, new byte[] {1}), where);
        } catch (IOException e) {
            // Allocating the new segment failed before anything changed: the log is untouched and usable.
            assertTrue(e.getMessage().contains("cannot create segment"), e + "; " + where);
            assertEquals(1, log.firstIndex(), where);
            assertEquals(300, log.lastIndex(), where);
            checkPrefix(log, 1, 300, where);
        }
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        log.close();
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS))) {
            if (reopened.firstIndex() == 1001) {
                assertEquals(1000, reopened.lastIndex(), where);
                assertEquals(7, reopened.termAt(1000), where);
            } else {
                assertTrue(!resetReturned, "a reset that returned is durable; " + where);
                assertEquals(1, reopened.firstIndex(), "the old log, whole: " + reopened + "; " + where);
                assertEquals(300, reopened.lastIndex(), "the old log, whole: " + reopened + "; " + where);
                checkPrefix(reopened, 1, 300, where);
            }
        }
    }

    @ParameterizedTest(name = "{0} forces succeed")
    @ValueSource(ints = {0, 1, 2, 3})
    void aForceFailingWhileRollingToANewSegmentNeverLosesAcknowledgedEntries(int successfulForces) throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(successfulForces), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.NONE));
        Random random = new Random(successfulForces);
        String where = successfulForces + " forces succeed before a roll";
        // Fill the first segment, then fail forces just before the roll.
        while (log.segments().size() == 1) {
            byte[] payload = new byte[500];
            random.nextBytes(payload);
            payloads.add(payload);
            log.append(1, 0, payload);
        }
        log.sync();
        long acknowledged = log.durableIndex();
        disk.failSyncs(successfulForces);
        IOException failure = null;
        while (failure == null && log.segments().size() < 4) {
            byte[] payload = new byte[500];
            random.nextBytes(payload);
            try {
                log.append(1, 0, payload);
                payloads.add(payload);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure == null) {
            // Under NONE a sealed segment is forced on the sealing thread: its failure may surface only
            // at the next call that needs the disk.
            try {
                log.sync();
            } catch (IOException e) {
                failure = e;
            }
        }
        assertTrue(failure != null, "the failing force was hit; " + where);
        long durable = log.durableIndex();
        assertTrue(durable >= acknowledged, where);
        // Whatever failed, the log must not report durability it lacks, and must not keep appending into a
        // segment it could not make whole.
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        log.close();
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config(SyncPolicy.NONE))) {
            assertTrue(reopened.lastIndex() >= durable, "durable " + durable + " but recovered " +
                reopened.lastIndex() + "; " + where);
            checkPrefix(reopened, 1, reopened.lastIndex(), where);
        }
    }

    @Test
    void aThrowingDurabilityListenerStopsTheLogInsteadOfSilentlyKillingGroupCommit() throws Exception {
        SimulatedDisk disk = new SimulatedDisk(new Random(3), 1 << 24);
        AtomicInteger calls = new AtomicInteger();
        WalConfig config = config(SyncPolicy.BATCH).durabilityListener(index -> {
            calls.incrementAndGet();
            throw new IllegalStateException("listener bug");
        });
        try (WriteAheadLog log = WriteAheadLog.open(disk.directory(DIRECTORY), config)) {
            IOException failure = null;
            for (int i = 0; i < 100_000 && failure == null; i++) {
                try {
                    log.append(1, 0, new byte[] {(byte)i});
                    if (calls.get() > 0) {
                        log.sync();
                    }
                } catch (IOException e) {
                    failure = e;
                }
                Thread.yield();
            }
            assertTrue(failure instanceof LogFailedException, "expected fail-stop, got " + failure);
            assertTrue(failure.getMessage().contains("listener"), failure.getMessage());
        }
    }

    @Test
    void anAppendWithABadPayloadRangeWritesNothing() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(6), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        try (WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.NONE))) {
            for (int i = 0; i < 100; i++) {
                log.append(1, 0, new byte[100]);
            }
            org.agrona.concurrent.UnsafeBuffer small = new org.agrona.concurrent.UnsafeBuffer(new byte[10]);
            assertThrows(IndexOutOfBoundsException.class, () -> log.append(1, 0, small, 0, 50));
            assertThrows(IndexOutOfBoundsException.class, () -> log.append(1, 0, small, -1, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> log.append(1, 0, small, 4, -2));
            assertEquals(100, log.lastIndex());
            assertEquals(101, log.append(1, 0, new byte[5000]), "this one rolls to a new segment");
            assertEquals(2, log.segments().size());
        }
        try (WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.NONE))) {
            assertTrue(log.read(50, new Entry()));
            assertTrue(log.corruptions().isEmpty(), "the rejected append left bytes in the sealed segment: " +
                log.corruptions());
            assertEquals(101, log.lastIndex());
        }
    }

    @Test
    void truncatingIntoASegmentWithADamagedHeaderIsRefused() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(5), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        writeSegments(storage, 300).close();
        disk.flipBit(DIRECTORY, SegmentDescriptor.fileName(1), SegmentDescriptor.PREVIOUS_TERM_OFFSET, 0);
        try (WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS))) {
            // Appending after it would put the tail in a segment whose header cannot be trusted, and the log
            // would refuse to open the next time.
            CorruptLogException e = assertThrows(CorruptLogException.class, () -> log.truncateAfter(0));
            assertEquals(SegmentDescriptor.fileName(1), e.corruption().segment());
            assertEquals(300, log.lastIndex(), "nothing was deleted");
            checkPrefix(log, 250, 300, "after refusing to truncate into a damaged segment");
        }
        try (WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS))) {
            assertEquals(300, log.lastIndex());
        }
    }

    @Test
    void truncatingAfterACorruptEntryChangesNothing() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(4), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        WriteAheadLog log = writeSegments(storage, 300);
        Entry entry = new Entry();
        assertTrue(log.read(20, entry));
        String segment = entry.segment();
        int offset = entry.payloadOffset();
        log.close();
        disk.flipBit(DIRECTORY, segment, offset + 3, 1);
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS))) {
            assertThrows(CorruptLogException.class, () -> reopened.truncateAfter(20));
            assertEquals(300, reopened.lastIndex(), "nothing was deleted");
            checkPrefix(reopened, 250, 300, "after refusing to truncate at a corrupt entry");
            reopened.truncateAfter(21);
            assertEquals(21, reopened.lastIndex());
            assertEquals(22, reopened.append(9, 0, new byte[] {1}));
        }
    }
}

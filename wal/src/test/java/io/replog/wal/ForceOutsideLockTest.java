package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The group-commit syncer forces with the log's structure lock released: a slow force does not hold up the
 * appender when it rolls to a new segment, nothing is reported durable past what a finished force covered, and
 * truncation waits for the force to end before it touches segments.
 */
class ForceOutsideLockTest {
    private static final int SEGMENT_BYTES = 64 * 1024;
    private static final long LIVENESS_MS = 30_000;

    @Test
    void rollsGoOnWhileTheSyncerForcesAndTruncationWaitsForIt() throws Exception {
        SimulatedDisk disk = new SimulatedDisk(new Random(5), 1 << 26);
        WalConfig config = new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(SyncPolicy.BATCH);
        try (WriteAheadLog log = WriteAheadLog.open(disk.directory("/log"), config)) {
            log.append(1, 0, payload(1));
            log.sync();
            CountDownLatch gate = new CountDownLatch(1);
            disk.holdForces(gate, "replog-wal-sync");
            try {
                appendWhileTheSyncerForces(log, disk, gate);
            } finally {
                disk.holdForces(null, "");
                gate.countDown();
            }
        }
    }

    private static void appendWhileTheSyncerForces(WriteAheadLog log, SimulatedDisk disk, CountDownLatch gate)
        throws Exception {
        log.append(1, 0, payload(2));
        awaitTrue(() -> disk.forcesHeld() > 0, "the syncer to start forcing entry 2");
        int segmentsBefore = log.segments().size();

        // Three segments' worth of appends while the force is held.
        AtomicReference<Throwable> appendFailure = new AtomicReference<>();
        Thread appender = new Thread(() -> {
            try {
                for (int i = 3; i <= 3 * SEGMENT_BYTES / 1024; i++) {
                    log.append(1, 0, payload(i));
                }
            } catch (Throwable e) {
                appendFailure.set(e);
            }
        }, "appender");
        appender.start();
        appender.join(LIVENESS_MS);
        assertFalse(appender.isAlive(), "appends that roll to new segments waited for the syncer's force to end");
        assertNull(appendFailure.get());
        assertTrue(log.segments().size() >= segmentsBefore + 2, "the appends rolled: " + log.segments());
        assertTrue(log.durableIndex() <= 1, "durable index " + log.durableIndex() + " reported before any force " +
            "past entry 1 ended");

        AtomicReference<Throwable> truncateFailure = new AtomicReference<>();
        Thread truncater = new Thread(() -> {
            try {
                log.truncateAfter(10);
            } catch (Throwable e) {
                truncateFailure.set(e);
            }
        }, "truncater");
        truncater.start();
        truncater.join(200);
        assertTrue(truncater.isAlive(), "truncation went on while the syncer was forcing a segment it may delete");

        disk.holdForces(null, "");
        gate.countDown();
        truncater.join(LIVENESS_MS);
        assertFalse(truncater.isAlive());
        assertNull(truncateFailure.get());
        assertEquals(10, log.lastIndex());
        assertEquals(10, log.sync());
        Entry entry = new Entry();
        for (long index = 1; index <= 10; index++) {
            assertTrue(log.read(index, entry));
            assertArrayEquals(payload(index), entry.payloadBytes(), "entry " + index);
        }
    }

    /**
     * Truncations and compactions racing the syncer and the sealing thread on a real directory with small segments
     * (many rolls): the durable index never passes the log's end. (A truncation that waited for the syncer, then for
     * the sealer, let the syncer start a force of the old tail meanwhile and publish its index afterwards.)
     */
    @Test
    void truncationRacingTheSyncerNeverLeavesTheDurableIndexPastTheEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
        throws Exception {
        WalConfig config = new WalConfig().segmentLengthBytes(16 * 1024).syncPolicy(SyncPolicy.BATCH);
        Random random = new Random(17);
        try (WriteAheadLog log = WriteAheadLog.open(dir, config)) {
            long term = 1;
            for (int round = 0; round < 300; round++) {
                int appends = 50 + random.nextInt(400);
                for (int i = 0; i < appends; i++) {
                    log.append(term, 0, new byte[100]);
                }
                long cut = Math.max(log.firstIndex(), log.lastIndex() - random.nextInt(appends));
                log.truncateAfter(cut);
                assertTrue(log.durableIndex() <= log.lastIndex(), "round " + round + ": durable index " +
                    log.durableIndex() + " past the end " + log.lastIndex() + " right after truncating");
                term++;
                if (random.nextInt(4) == 0) {
                    log.deleteBefore(log.lastIndex() - 100);
                }
                assertTrue(log.durableIndex() <= log.lastIndex(), "round " + round + ": durable index " +
                    log.durableIndex() + " past the end " + log.lastIndex());
            }
            assertEquals(log.lastIndex(), log.sync());
        }
    }

    private static byte[] payload(long index) {
        byte[] bytes = new byte[1000];
        new Random(index).nextBytes(bytes);
        return bytes;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + LIVENESS_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }
}

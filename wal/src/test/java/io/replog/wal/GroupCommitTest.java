package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Group commit under {@link SyncPolicy#BATCH}: the durable index only advances, never passes the
 * last index, reaches it on {@link WriteAheadLog#sync()}, and is never reported past what a force
 * really made durable, even when a force fails on the syncer thread.
 */
class GroupCommitTest {
    @TempDir
    Path dir;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    /** Durable indexes handed to the listener, in order (called from the syncer thread). */
    private static final class Reported {
        private final List<Long> values = new ArrayList<>();

        synchronized void add(long index) {
            values.add(index);
        }

        synchronized List<Long> values() {
            return new ArrayList<>(values);
        }

        synchronized long max() {
            return values.isEmpty() ? 0 : values.get(values.size() - 1);
        }
    }

    private static byte[] payload(Random random) {
        byte[] payload = new byte[1 + random.nextInt(600)];
        random.nextBytes(payload);
        return payload;
    }

    private static void checkIncreasing(List<Long> values, String where) {
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) > values.get(i - 1), "listener values must increase: " +
                values.subList(Math.max(0, i - 3), i + 1) + "; " + where);
        }
    }

    private static void appendAndWatchTheDurableIndex(Storage storage, long seed, int entries) throws IOException {
        Random random = new Random(seed);
        Reported reported = new Reported();
        WalConfig config = new WalConfig().segmentLengthBytes(64 * 1024).syncPolicy(SyncPolicy.BATCH)
            .durabilityListener(reported::add);
        List<byte[]> payloads = new ArrayList<>();
        String where = "seed " + seed + " on " + storage.describe();
        try (WriteAheadLog log = WriteAheadLog.open(storage, config)) {
            long lastSeen = log.durableIndex();
            while (payloads.size() < entries) {
                if (random.nextBoolean()) {
                    byte[] payload = payload(random);
                    payloads.add(payload);
                    log.append(1, 0, payload);
                } else {
                    WriteAheadLog.Batch batch = log.batch();
                    for (int i = random.nextInt(30); i >= 0; i--) {
                        byte[] payload = payload(random);
                        payloads.add(payload);
                        batch.add(1, 0, payload);
                    }
                    batch.commit();
                }
                long durable = log.durableIndex();
                assertTrue(durable >= lastSeen, "durable index went back from " + lastSeen + " to " + durable + "; " + where);
                assertTrue(durable <= log.lastIndex(), "durable index " + durable + " past the last index " +
                    log.lastIndex() + "; " + where);
                lastSeen = durable;
            }
            assertEquals(log.lastIndex(), log.sync(), "sync() makes everything durable; " + where);
            assertEquals(log.lastIndex(), log.durableIndex(), where);
            List<Long> values = reported.values();
            checkIncreasing(values, where);
            assertEquals(log.lastIndex(), reported.max(), "the listener heard the last durable index; " + where);
            assertTrue(values.size() < payloads.size(), "group commit forces many appends at once (" +
                values.size() + " forces for " + payloads.size() + " entries); " + where);
        }
        try (WriteAheadLog log = WriteAheadLog.open(storage, config)) {
            Entry entry = new Entry();
            assertEquals(payloads.size(), log.lastIndex(), where);
            for (int i = 1; i <= payloads.size(); i++) {
                assertTrue(log.read(i, entry));
                assertArrayEquals(payloads.get(i - 1), entry.payloadBytes(), "payload " + i + "; " + where);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theDurableIndexOnlyAdvancesAndReachesTheLastIndexOnSync(long seed) throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 64L << 20);
        appendAndWatchTheDurableIndex(disk.directory("/log"), seed, 3000);
    }

    @Test
    void groupCommitOnARealDisk() throws IOException {
        appendAndWatchTheDurableIndex(new FileStorage(dir), 99, 5000);
    }

    /**
     * A force fails after a random number of successful ones, on whichever thread hits it. From then
     * on every call fails, and after a crash that loses everything unforced, every index the log or its
     * listener ever reported durable is still there.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFailedForceStopsTheLogAndNothingReportedDurableIsLost(long seed) throws IOException {
        Random random = new Random(seed);
        SyncPolicy policy = seed % 3 == 0 ? SyncPolicy.ALWAYS : SyncPolicy.BATCH;
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 64L << 20);
        Storage storage = disk.directory("/log");
        Reported reported = new Reported();
        WalConfig config = new WalConfig().segmentLengthBytes(64 * 1024).syncPolicy(policy)
            .durabilityListener(reported::add);
        String where = "seed " + seed + ", " + policy;
        List<byte[]> payloads = new ArrayList<>();
        WriteAheadLog log = WriteAheadLog.open(storage, config);
        disk.failSyncs(random.nextInt(40));
        IOException failure = null;
        for (int attempt = 0; attempt < 1_000_000 && failure == null; attempt++) {
            byte[] payload = payload(random);
            try {
                log.append(2, 0, payload);
                payloads.add(payload);
                if (random.nextInt(50) == 0) {
                    log.sync();
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure == null) {
            fail("no force ever failed; " + where);
        }
        long durableAtFailure = log.durableIndex();
        long lastAtFailure = log.lastIndex();
        assertTrue(durableAtFailure <= lastAtFailure, where);
        if (failure instanceof LogFailedException) {
            assertThrows(LogFailedException.class, () -> log.append(2, 0, new byte[] {1}), where);
            assertThrows(LogFailedException.class, () -> log.batch().add(2, 0, new byte[] {1}), where);
            assertThrows(LogFailedException.class, log::sync, where);
            assertThrows(LogFailedException.class, () -> log.truncateAfter(log.lastIndex() - 1), where);
            assertThrows(LogFailedException.class, () -> log.deleteBefore(log.lastIndex()), where);
            assertThrows(LogFailedException.class, () -> log.reset(log.lastIndex() + 10, 3), where);
            assertEquals(durableAtFailure, log.durableIndex(), "a failed log never advances its durable index; " + where);
            assertEquals(lastAtFailure, log.lastIndex(), where);
        }
        assertTrue(reported.max() <= log.durableIndex(), "the listener heard " + reported.max() +
            " but the log says " + log.durableIndex() + "; " + where);
        checkIncreasing(reported.values(), where);
        long mustSurvive = Math.max(log.durableIndex(), reported.max());

        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        log.close();
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config.durabilityListener(index -> {
        }))) {
            assertTrue(reopened.lastIndex() >= mustSurvive, "reported durable up to " + mustSurvive +
                " but only " + reopened.lastIndex() + " survived the crash; " + where);
            Entry entry = new Entry();
            for (int i = 1; i <= reopened.lastIndex(); i++) {
                assertTrue(reopened.read(i, entry), where);
                assertArrayEquals(payloads.get(i - 1), entry.payloadBytes(), "payload " + i + "; " + where);
            }
        }
    }
}

package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running out of disk fails the append that needs a new segment with a clear {@link IOException};
 * nothing already appended is lost, and appends resume once space is freed.
 */
class FullDiskTest {
    private static final int SEGMENT_BYTES = 16 * 1024;

    private final List<byte[]> payloads = new ArrayList<>();

    private static WalConfig config(int segmentBytes) {
        return new WalConfig().segmentLengthBytes(segmentBytes).syncPolicy(SyncPolicy.ALWAYS);
    }

    /** Appends until the disk is full; returns the failure. */
    private IOException appendUntilFull(WriteAheadLog log, Random random, int payloadBytes) {
        for (int i = 0; i < 1_000_000; i++) {
            byte[] payload = new byte[payloadBytes];
            random.nextBytes(payload);
            try {
                long index = log.append(1, 0, payload);
                payloads.add(payload);
                assertEquals(payloads.size(), index);
                assertEquals(index, log.durableIndex(), "ALWAYS: durable before append returns");
            } catch (IOException e) {
                assertFalse(e instanceof LogFailedException, "a full disk is not an fsync failure: " + e);
                return e;
            }
        }
        throw new AssertionError("the disk never filled up");
    }

    private void checkAll(WriteAheadLog log, String where) throws IOException {
        assertEquals(payloads.size(), log.lastIndex(), where);
        Entry entry = new Entry();
        for (int i = 1; i <= payloads.size(); i++) {
            assertTrue(log.read(i, entry), "read " + i + "; " + where);
            assertArrayEquals(payloads.get(i - 1), entry.payloadBytes(), "payload " + i + "; " + where);
        }
    }

    private static void assertClearMessage(IOException e, String segment) {
        String message = e.getMessage();
        assertTrue(message.contains(segment), "names the segment " + segment + ": " + message);
        assertTrue(message.contains("No space left"), "says the disk is full: " + message);
    }

    @Test
    void aFullSimulatedDiskFailsTheAppendThatNeedsASegmentAndLosesNothing() throws IOException {
        long seed = 5;
        Random random = new Random(seed);
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 5L * SEGMENT_BYTES + 1000);
        Storage storage = disk.directory("/log");
        WalConfig config = config(SEGMENT_BYTES);
        try (WriteAheadLog log = WriteAheadLog.open(storage, config)) {
            IOException full = appendUntilFull(log, random, 700);
            assertClearMessage(full, SegmentDescriptor.fileName(payloads.size() + 1));
            assertEquals(5, log.segments().size());
            checkAll(log, "seed " + seed + ", after the failed append");
            assertThrows(IOException.class, () -> log.append(1, 0, new byte[700]), "still full");
            checkAll(log, "seed " + seed + ", after a second failed append");
        }
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        try (WriteAheadLog log = WriteAheadLog.open(storage, config)) {
            checkAll(log, "seed " + seed + ", after a crash");
            long first = log.deleteBefore(log.lastIndex());
            assertTrue(first > 1, "compaction freed segments");
            for (int i = 0; i < 40; i++) {
                byte[] payload = new byte[700];
                random.nextBytes(payload);
                assertEquals(payloads.size() + 1, log.append(2, 0, payload), "appends resume once space is freed");
                payloads.add(payload);
            }
            Entry entry = new Entry();
            for (long i = first; i <= log.lastIndex(); i++) {
                assertTrue(log.read(i, entry));
                assertArrayEquals(payloads.get((int)i - 1), entry.payloadBytes());
            }
        }
    }

    /** With spares of zeros (the default) or sparse spares, which are made only while two segments fit. */
    @ParameterizedTest(name = "reserve space {0}")
    @ValueSource(booleans = {true, false})
    void aFullTmpfsFailsTheAppendThatNeedsASegmentAndLosesNothing(boolean reserveSpace, @TempDir Path parent)
        throws Exception {
        Path mount = Files.createDirectory(parent.resolve("tmpfs"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()) == 0,
            "mounting a 2 MiB tmpfs is not permitted here; the simulated full disk still runs");
        try {
            Path directory = mount.resolve("log");
            int segmentBytes = 256 * 1024;
            Random random = new Random(9);
            try (WriteAheadLog log = WriteAheadLog.open(directory, config(segmentBytes).reserveSpace(reserveSpace))) {
                IOException full = appendUntilFull(log, random, 3000);
                assertClearMessage(full, SegmentDescriptor.fileName(payloads.size() + 1));
                checkAll(log, "tmpfs, after the failed append");
                assertFalse(Files.exists(directory.resolve(SegmentDescriptor.fileName(payloads.size() + 1) + ".tmp")),
                    "the half-made segment is removed");
            }
            try (WriteAheadLog log = WriteAheadLog.open(directory, config(segmentBytes).reserveSpace(reserveSpace))) {
                checkAll(log, "tmpfs, after reopening");
                long first = log.deleteBefore(log.lastIndex());
                assertTrue(first > 1, "compaction freed segments");
                for (int i = 0; i < 200; i++) {
                    byte[] payload = new byte[3000];
                    assertEquals(payloads.size() + 1, log.append(2, 0, payload), "appends resume once space is freed");
                    payloads.add(payload);
                }
            }
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}

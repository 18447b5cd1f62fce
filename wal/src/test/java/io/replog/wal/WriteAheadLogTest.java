package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteAheadLogTest {
    private static final int SEGMENT_BYTES = 16 * 1024;

    @TempDir
    Path dir;

    private static byte[] payload(long index) {
        return ("entry-" + index + "-" + "x".repeat((int)(index % 97))).getBytes(StandardCharsets.UTF_8);
    }

    private WalConfig config(SyncPolicy policy) {
        return new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(policy);
    }

    @Test
    void appendsAcrossSegmentsAndReadsBackAfterReopen() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.ALWAYS))) {
            assertEquals(1, log.firstIndex());
            assertEquals(0, log.lastIndex());
            for (long i = 1; i <= 1000; i++) {
                assertEquals(i, log.append(1 + i / 100, 7, payload(i)));
            }
            assertEquals(1000, log.durableIndex());
            assertTrue(log.segments().size() > 3, "entries should span several segments: " + log.segments());
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.ALWAYS))) {
            assertEquals(1000, log.lastIndex());
            assertEquals(11, log.lastTerm());
            Entry entry = new Entry();
            for (long i = 1; i <= 1000; i++) {
                assertTrue(log.read(i, entry));
                assertEquals(i, entry.index());
                assertEquals(1 + i / 100, entry.term());
                assertEquals(1 + i / 100, log.termAt(i));
                assertEquals(7, entry.type());
                assertArrayEquals(payload(i), entry.payloadBytes(), "payload of " + i);
            }
            assertFalse(log.read(1001, entry));
            assertEquals(0, log.recovery().tornBytesTruncated());
        }
    }

    @Test
    void truncateAfterAndDeleteBeforeKeepIndexesContiguous() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.BATCH))) {
            for (long i = 1; i <= 600; i++) {
                log.append(1, 0, payload(i));
            }
            log.truncateAfter(250);
            assertEquals(250, log.lastIndex());
            for (long i = 251; i <= 300; i++) {
                assertEquals(i, log.append(2, 0, payload(i * 1000)));
            }
            long first = log.deleteBefore(200);
            assertTrue(first <= 200 && first > 1, "first index after compaction: " + first);
            log.sync();
            assertEquals(300, log.durableIndex());
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.BATCH))) {
            assertEquals(300, log.lastIndex());
            Entry entry = new Entry();
            assertTrue(log.read(250, entry));
            assertArrayEquals(payload(250), entry.payloadBytes());
            assertTrue(log.read(251, entry));
            assertArrayEquals(payload(251000), entry.payloadBytes());
            assertEquals(2, entry.term());
            assertEquals(1, log.termAt(log.firstIndex() - 1) + 0 * log.firstIndex());
        }
    }

    @Test
    void resetStartsAnEmptyLogAfterASnapshot() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.ALWAYS))) {
            for (long i = 1; i <= 100; i++) {
                log.append(3, 0, payload(i));
            }
            log.reset(5001, 9);
            assertEquals(5001, log.firstIndex());
            assertEquals(5000, log.lastIndex());
            assertEquals(9, log.termAt(5000));
            assertEquals(5001, log.append(9, 0, payload(1)));
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.ALWAYS))) {
            assertEquals(5001, log.firstIndex());
            assertEquals(5001, log.lastIndex());
            assertEquals(9, log.termAt(5000));
        }
    }

    @Test
    void aFailedFsyncStopsTheLogAndNeverReportsDurability() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(1), 1 << 24);
        Storage storage = disk.directory("/log");
        WriteAheadLog log = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS));
        log.append(1, 0, payload(1));
        disk.failSyncs(0);
        assertThrows(LogFailedException.class, () -> log.append(1, 0, payload(2)));
        assertEquals(1, log.durableIndex());
        assertThrows(LogFailedException.class, () -> log.append(1, 0, payload(3)));
        assertThrows(LogFailedException.class, log::sync);
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config(SyncPolicy.ALWAYS))) {
            assertEquals(1, reopened.lastIndex());
        }
    }
}

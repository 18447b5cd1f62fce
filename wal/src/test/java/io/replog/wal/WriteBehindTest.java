package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The append path's write-behind blocks ({@link WriteBehind}): frames reach the file in blocks, an entry
 * still in a block is written out before it is read, the syncer takes a partly filled block by itself,
 * frames larger than a block are written whole, and a failed write stops the log.
 */
class WriteBehindTest {
    private static final int SEGMENT_BYTES = 1 << 20;

    @TempDir
    Path dir;

    private static WalConfig config(SyncPolicy policy) {
        return new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(policy);
    }

    private static byte[] payload(Random random, int length) {
        byte[] payload = new byte[length];
        random.nextBytes(payload);
        return payload;
    }

    /** Frames in the file's first segment, as another reader (log-inspect) sees them through its own mapping. */
    private int framesInFile(String segment) throws IOException {
        MappedFile file = new FileStorage(dir).openMapped(segment, true);
        try {
            return SegmentScanner.scan(file.buffer(), file.lengthBytes(), segment, 1, 0, -1).positions().size();
        } finally {
            file.close();
        }
    }

    @Test
    void underNoneAppendsStayInTheBlockUntilFlushed() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.NONE))) {
            for (int i = 1; i <= 10; i++) {
                log.append(1, 0, new byte[100]);
            }
            String segment = SegmentDescriptor.fileName(1);
            assertEquals(0, framesInFile(segment), "a block is written when full, flushed, synced or read");
            log.flush();
            assertEquals(10, framesInFile(segment), "flush hands every append to the file");
        }
    }

    @Test
    void aFullBlockIsWrittenWithoutAFlush() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.NONE))) {
            int entries = 2 * WriteBehind.BLOCK_BYTES / (FrameDescriptor.HEADER_LENGTH + 1000) + 1;
            for (int i = 1; i <= entries; i++) {
                log.append(1, 0, new byte[1000]);
            }
            int inFile = framesInFile(SegmentDescriptor.fileName(1));
            assertTrue(inFile >= WriteBehind.BLOCK_BYTES / (FrameDescriptor.HEADER_LENGTH + 1000) && inFile < entries,
                "whole blocks written, the last one still filling: " + inFile + " of " + entries);
        }
    }

    /** Appends and reads interleaved at random, across block and segment boundaries, with frames bigger than a block. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SyncPolicy.class)
    void readsAndTermsOfEntriesStillInABlockAreRight(SyncPolicy policy) throws IOException {
        long seed = 20261128L + policy.ordinal();
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        List<Long> terms = new ArrayList<>();
        Entry entry = new Entry();
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(policy))) {
            long term = 1;
            for (int op = 0; op < 1500; op++) {
                int dice = random.nextInt(100);
                if (dice < 60) {
                    int length = random.nextInt(50) == 0 ? WriteBehind.BLOCK_BYTES + random.nextInt(WriteBehind.BLOCK_BYTES) :
                        random.nextInt(3000);
                    term += random.nextInt(20) == 0 ? 1 : 0;
                    byte[] payload = payload(random, length);
                    assertEquals(payloads.size() + 1, log.append(term, 7, payload), "seed " + seed);
                    payloads.add(payload);
                    terms.add(term);
                } else if (!payloads.isEmpty()) {
                    // Mostly the newest entries, which are the ones still in a block.
                    long index = dice < 85 ? payloads.size() - random.nextInt(Math.min(3, payloads.size())) :
                        1 + random.nextInt(payloads.size());
                    if (dice % 2 == 0) {
                        assertTrue(log.read(index, entry), "seed " + seed + " index " + index);
                        assertArrayEquals(payloads.get((int)index - 1), entry.payloadBytes(), "seed " + seed + " index " + index);
                        assertEquals(terms.get((int)index - 1), entry.term(), "seed " + seed + " index " + index);
                    } else {
                        assertEquals(terms.get((int)index - 1), log.termAt(index), "seed " + seed + " term of " + index);
                    }
                }
            }
            assertTrue(log.segments().size() > 2, "rolled: " + log.segments());
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(policy))) {
            assertEquals(payloads.size(), log.lastIndex(), "seed " + seed);
            for (int i = 1; i <= payloads.size(); i++) {
                assertTrue(log.read(i, entry));
                assertArrayEquals(payloads.get(i - 1), entry.payloadBytes(), "seed " + seed + " index " + i + " after reopen");
            }
        }
    }

    @Test
    void theSyncerMakesAPartlyFilledBlockDurableWithoutAnotherAppend() throws Exception {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config(SyncPolicy.BATCH))) {
            for (int i = 1; i <= 3; i++) {
                log.append(1, 0, new byte[64]);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.durableIndex() < 3) {
                if (System.nanoTime() > deadline) {
                    fail("the last three appends never became durable: durable index " + log.durableIndex());
                }
                Thread.sleep(1);
            }
            assertEquals(3, framesInFile(SegmentDescriptor.fileName(1)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SyncPolicy.class)
    void aFailedWriteStopsTheLogAndNothingUnwrittenIsReportedDurable(SyncPolicy policy) throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(9), 1 << 26);
        Storage storage = disk.directory("/log");
        Random random = new Random(10);
        List<byte[]> payloads = new ArrayList<>();
        WriteAheadLog log = WriteAheadLog.open(storage, config(policy).preallocateAhead(false));
        for (int i = 0; i < 50; i++) {
            payloads.add(payload(random, 500));
            log.append(1, 0, payloads.get(i));
        }
        log.sync();
        disk.failWrites(0);
        IOException failure = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 2000; i++) {
                log.append(1, 0, payload(random, 500));
            }
            log.sync();
        }, "a write that fails is reported");
        assertTrue(failure instanceof LogFailedException, "fail-stop, not " + failure);
        assertTrue(failure.getMessage().contains("simulated write failure"), failure.getMessage());
        assertEquals(50, log.durableIndex(), "nothing past what reached the file is reported durable");
        assertThrows(LogFailedException.class, () -> log.append(1, 0, new byte[1]));
        disk.failWrites(-1);
        disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        log.close();
        try (WriteAheadLog reopened = WriteAheadLog.open(storage, config(policy).preallocateAhead(false))) {
            assertEquals(50, reopened.lastIndex());
            Entry entry = new Entry();
            for (int i = 1; i <= 50; i++) {
                assertTrue(reopened.read(i, entry));
                assertArrayEquals(payloads.get(i - 1), entry.payloadBytes(), "index " + i);
            }
        }
    }
}

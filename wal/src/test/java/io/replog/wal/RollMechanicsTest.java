package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a roll relies on: spares prepared ahead ({@link SegmentPreallocator}), and a sealed segment's
 * mapping staying in place, so that entries handed out before the seal stay readable.
 */
class RollMechanicsTest {
    private static final int SEGMENT_BYTES = 16 * 1024;

    @TempDir
    Path dir;

    private static byte[] payload(long index) {
        return ("entry-" + index + "-" + "y".repeat((int)(index % 89))).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A new segment takes appends under its temporary name until its header is forced and it is renamed
     * (off the appending thread); flush() waits for that, so what it hands to the operating system
     * survives a crash of the process: recovery deletes temporary files.
     */
    @Test
    void flushPublishesTheTailSoThatAKilledProcessKeepsWhatWasFlushed() throws Exception {
        WalConfig config = new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(SyncPolicy.NONE);
        WriteAheadLog log = WriteAheadLog.open(dir, config);
        for (long i = 1; i <= 1500; i++) {
            log.append(1, 0, payload(i));
            if (i % 97 == 0) {
                log.flush();
                List<SegmentInfo> segments = log.segments();
                for (SegmentInfo segment : segments) {
                    assertTrue(Files.exists(dir.resolve(segment.name())), segment.name() + " is in place after flush()");
                }
            }
        }
        log.flush();
        long last = log.lastIndex();
        assertTrue(log.segments().size() > 5, "several rolls: " + log.segments());
        // A killed process: nothing is closed or forced, its files stay as they are (one page cache).
        Path copy = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-killed"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        log.close();
        try (WriteAheadLog reopened = WriteAheadLog.open(copy, config)) {
            assertEquals(last, reopened.lastIndex(), "every flushed entry is in a segment recovery keeps");
            Entry entry = new Entry();
            for (long i = 1; i <= last; i++) {
                assertTrue(reopened.read(i, entry));
                assertArrayEquals(payload(i), entry.payloadBytes(), "payload of " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SyncPolicy.class)
    void entriesReadBeforeTheirSegmentIsSealedStayReadable(SyncPolicy policy) throws IOException {
        WalConfig config = new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(policy);
        try (WriteAheadLog log = WriteAheadLog.open(dir, config)) {
            log.append(1, 0, payload(1));
            Entry early = new Entry();
            assertTrue(log.read(1, early));
            for (long i = 2; i <= 1200; i++) {
                log.append(1, 0, payload(i));
            }
            assertTrue(log.segments().size() > 5, "several rolls: " + log.segments());
            log.sync(); // every sealed segment forced
            assertArrayEquals(payload(1), early.payloadBytes(), "a view taken before the seal");
            Entry entry = new Entry();
            for (long i = 1; i <= 1200; i++) {
                assertTrue(log.read(i, entry));
                assertArrayEquals(payload(i), entry.payloadBytes(), "payload of " + i);
            }
        }
    }

    /** Truncating into a sealed segment makes it the last one again: it must take appends again. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(SyncPolicy.class)
    void truncatingIntoASealedSegmentMapsItForAppendsAgain(SyncPolicy policy) throws IOException {
        WalConfig config = new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(policy);
        try (WriteAheadLog log = WriteAheadLog.open(dir, config)) {
            for (long i = 1; i <= 600; i++) {
                log.append(1, 0, payload(i));
            }
            long inFirstSegment = log.segments().get(0).lastIndex() - 3;
            log.truncateAfter(inFirstSegment);
            assertEquals(1, log.segments().size());
            for (long i = inFirstSegment + 1; i <= 700; i++) {
                assertEquals(i, log.append(2, 0, payload(i * 7)));
            }
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, config)) {
            assertEquals(700, log.lastIndex());
            Entry entry = new Entry();
            long firstTruncated = 0;
            for (long i = 1; i <= 700; i++) {
                assertTrue(log.read(i, entry));
                boolean rewritten = entry.term() == 2;
                if (rewritten && firstTruncated == 0) {
                    firstTruncated = i;
                }
                assertArrayEquals(rewritten ? payload(i * 7) : payload(i), entry.payloadBytes(), "payload of " + i);
            }
            assertTrue(firstTruncated > 1 && firstTruncated < SEGMENT_BYTES / 32, "rewritten from " + firstTruncated);
            assertTrue(log.corruptions().isEmpty(), log.corruptions().toString());
        }
    }

    @Test
    void thePreallocatorKeepsTwoSparesAndTheyAreDistinct() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(4), 1 << 24);
        Storage storage = disk.directory("/log");
        storage.createDirectory();
        SegmentPreallocator preallocator = new SegmentPreallocator(storage, SEGMENT_BYTES, true);
        preallocator.start();
        try {
            MappedFile first = preallocator.take();
            MappedFile second = preallocator.take();
            MappedFile third = preallocator.take();
            assertNotNull(first);
            assertNotNull(second);
            assertNotNull(third);
            assertNotEquals(first.name(), second.name());
            assertNotEquals(second.name(), third.name());
            for (MappedFile spare : List.of(first, second, third)) {
                assertEquals(SEGMENT_BYTES, spare.lengthBytes());
                assertTrue(spare.name().endsWith(SegmentDescriptor.TEMP_SUFFIX), spare.name());
                assertEquals(-1, SegmentScanner.lastNonZero(spare.buffer(), 0, SEGMENT_BYTES), "a spare is all zeros");
            }
        } finally {
            preallocator.close();
        }
        assertTrue(storage.list().stream().filter(n -> n.startsWith("spare-")).count() <= 3,
            "only the three spares handed out are left: " + storage.list());
    }

    @Test
    void aSpareMadeWhileAnotherIsReadyIsPacedOverHalfTheTimeTheLastSegmentTookToFill() {
        long second = TimeUnit.SECONDS.toNanos(1);
        assertEquals(0, SegmentPreallocator.pauseNs(1 / 64.0, 0), "no roll interval known yet: no pause");
        assertEquals(second / 64 / 2, SegmentPreallocator.pauseNs(1 / 64.0, second), 1, "a 64th of half the interval");
        assertEquals(SegmentPreallocator.MAX_PAUSE_NS, SegmentPreallocator.pauseNs(1 / 64.0, 3600 * second),
            "a log that rolls once an hour still gets its spare within seconds");
        assertEquals(0, SegmentPreallocator.pauseNs(1 / 64.0, TimeUnit.MILLISECONDS.toNanos(64)),
            "a log filling a segment in 64 ms (the WAL alone, no sync) gets no pause: waking would cost as much");
    }

    @ParameterizedTest(name = "reserve space {0}")
    @ValueSource(booleans = {true, false})
    void closingThePreallocatorDeletesTheSparesNotTaken(boolean reserveSpace) throws IOException {
        FileStorage storage = new FileStorage(dir);
        SegmentPreallocator preallocator = new SegmentPreallocator(storage, SEGMENT_BYTES, reserveSpace);
        preallocator.start();
        MappedFile taken = preallocator.take();
        assertNotNull(taken);
        preallocator.close();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(taken.name()), files.map(p -> p.getFileName().toString()).toList());
        }
        taken.close();
    }

    /**
     * By default a spare is sparse: its blocks are taken as appends write them, not as zeros ahead of them (which
     * cost the CPU of writing the log twice); it reads as zeros all the same, and is made only while the device has
     * room for two segments.
     */
    @Test
    void aSpareIsSparseReadsAsZerosAndNeedsRoomForTwoSegments() throws Exception {
        int segmentBytes = 4 * 1024 * 1024;
        FileStorage storage = new FileStorage(dir);
        SegmentPreallocator preallocator = new SegmentPreallocator(storage, segmentBytes, false);
        preallocator.start();
        MappedFile spare = preallocator.take();
        preallocator.close();
        try {
            assertNotNull(spare);
            assertEquals(segmentBytes, spare.lengthBytes());
            assertEquals(segmentBytes, Files.size(dir.resolve(spare.name())));
            assertEquals(-1, SegmentScanner.lastNonZero(spare.buffer(), 0, segmentBytes), "a spare reads as zeros");
            Process stat = new ProcessBuilder("stat", "-c", "%b %B", dir.resolve(spare.name()).toString()).start();
            String[] blocks = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
            assertEquals(0, stat.waitFor());
            long allocated = Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
            assertTrue(allocated <= 64 * 1024, "a sparse spare of 4 MiB has " + allocated + " bytes allocated");
        } finally {
            spare.close();
        }
        IOException noRoom = assertThrows(IOException.class, () -> storage.createSparse("big.tmp", segmentBytes,
            Long.MAX_VALUE));
        assertTrue(noRoom.getMessage().contains("bytes usable on the device, " + Long.MAX_VALUE + " needed"),
            noRoom.getMessage());
        assertFalse(Files.exists(dir.resolve("big.tmp")), "nothing is left behind");
    }

    @Test
    void aSpareThatCannotBeMadeIsNullAndAnotherAttemptFollows() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(5), SEGMENT_BYTES + 100);
        Storage storage = disk.directory("/log");
        storage.createDirectory();
        SegmentPreallocator preallocator = new SegmentPreallocator(storage, SEGMENT_BYTES, false);
        preallocator.start();
        try {
            MappedFile only = preallocator.take();
            assertNotNull(only, "room for one spare");
            assertNull(preallocator.take(), "no room for a second: the roll creates its segment itself");
            storage.delete(only.name());
            // The attempt the null started may have failed before the space was freed; the one after it cannot.
            MappedFile next = preallocator.take();
            assertNotNull(next != null ? next : preallocator.take(), "space freed: a later attempt succeeds");
        } finally {
            preallocator.close();
        }
    }

    @Test
    void aReadOnlyFileCannotTakeAppends() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, new WalConfig().segmentLengthBytes(SEGMENT_BYTES))) {
            log.append(1, 0, payload(1));
        }
        MappedFile file = new FileStorage(dir).openMapped(SegmentDescriptor.fileName(1), true);
        try {
            assertThrows(IOException.class, () -> file.write(ByteBuffer.allocate(8), SegmentDescriptor.HEADER_LENGTH));
        } finally {
            file.close();
        }
    }
}

package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flipped bits are corruption: reported with index, segment and offset, never served, never cut off
 * silently, and the rest of the log stays readable.
 */
class CorruptionTest {
    private static final int SEGMENT_BYTES = 16 * 1024;
    private static final String DIRECTORY = "/log";
    /** Entries written at least; more are added until the last segment holds several. */
    private static final int MIN_ENTRIES = 200;
    private static final int MIN_ENTRIES_IN_LAST_SEGMENT = 4;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** Where each entry landed. */
    private record Frame(long index, String segment, int offset, int length) {
    }

    private final List<byte[]> payloads = new ArrayList<>();
    private long entries;

    private static WalConfig config() {
        return new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(SyncPolicy.NONE);
    }

    /** Writes entries with random (never zero-filled) payloads and closes the log. */
    private List<Frame> write(Storage storage, Random random) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            Entry entry = new Entry();
            for (int i = 1; i <= MIN_ENTRIES || entriesInLastSegment(frames) < MIN_ENTRIES_IN_LAST_SEGMENT; i++) {
                byte[] payload = new byte[20 + random.nextInt(400)];
                random.nextBytes(payload);
                payloads.add(payload);
                log.append(1 + i / 50, 0, payload);
                log.read(i, entry);
                frames.add(new Frame(i, entry.segment(), entry.frameOffset(), entry.frameLength()));
            }
            entries = log.lastIndex();
            assertTrue(log.segments().size() >= 3, "entries should span several segments: " + log.segments());
        }
        return frames;
    }

    private static long entriesInLastSegment(List<Frame> frames) {
        return frames.stream().filter(f -> f.segment().equals(lastSegment(frames))).count();
    }

    private static String lastSegment(List<Frame> frames) {
        return frames.get(frames.size() - 1).segment();
    }

    private void checkReadable(WriteAheadLog log, long index, String where) throws IOException {
        Entry entry = new Entry();
        assertTrue(log.read(index, entry), "read " + index + "; " + where);
        assertArrayEquals(payloads.get((int)index - 1), entry.payloadBytes(), "payload " + index + "; " + where);
    }

    private static void checkCorrupt(WriteAheadLog log, Frame frame, String where) {
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> log.read(frame.index(), new Entry()),
            "a damaged entry is never served; " + where);
        Corruption corruption = e.corruption();
        assertEquals(frame.index(), corruption.index(), "index of the corruption; " + where);
        assertEquals(frame.segment(), corruption.segment(), "segment of the corruption; " + where);
        assertEquals(frame.offset(), corruption.offset(), "offset of the corruption; " + where);
        assertTrue(e.getMessage().contains(frame.segment()) && e.getMessage().contains("index " + frame.index()),
            "the message says where: " + e.getMessage() + "; " + where);
        assertTrue(log.corruptions().contains(corruption) || log.corruptions().stream().anyMatch(c ->
                c.index() <= frame.index() && c.segment().equals(frame.segment()) && c.offset() == frame.offset()),
            "corruptions() lists it: " + log.corruptions() + "; " + where);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFlippedBitInASealedSegmentIsReportedWithIndexSegmentAndOffset(long seed) throws IOException {
        Random random = new Random(seed);
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        List<Frame> frames = write(storage, random);
        String last = lastSegment(frames);
        List<Frame> sealed = frames.stream().filter(f -> !f.segment().equals(last)).toList();
        Frame damaged = sealed.get(random.nextInt(sealed.size()));
        long bitOffset = damaged.offset() + random.nextInt(damaged.length());
        int bit = random.nextInt(8);
        disk.flipBit(DIRECTORY, damaged.segment(), bitOffset, bit);
        String where = "seed " + seed + ", bit " + bit + " of byte " + bitOffset + " in " + damaged;

        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            assertEquals(entries, log.lastIndex(), "a sealed segment's damage never shortens the log; " + where);
            assertEquals(0, log.recovery().tornBytesTruncated(), where);
            checkCorrupt(log, damaged, where);
            for (long index = 1; index <= entries; index++) {
                if (index != damaged.index()) {
                    checkReadable(log, index, where);
                }
            }
            checkCorrupt(log, damaged, where + " (second read)");
            assertEquals(entries + 1, log.append(9, 0, new byte[] {1}), where);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFlippedBitInTheLastSegmentWithValidFramesAfterItIsCorruptionNotATornTail(long seed) throws IOException {
        Random random = new Random(seed);
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        List<Frame> frames = write(storage, random);
        String last = lastSegment(frames);
        List<Frame> inLast = frames.stream().filter(f -> f.segment().equals(last)).toList();
        assertTrue(inLast.size() >= 2, "need a frame followed by another in the last segment: " + inLast);
        Frame damaged = inLast.get(random.nextInt(inLast.size() - 1));
        long bitOffset = damaged.offset() + random.nextInt(damaged.length());
        int bit = random.nextInt(8);
        disk.flipBit(DIRECTORY, damaged.segment(), bitOffset, bit);
        String where = "seed " + seed + ", bit " + bit + " of byte " + bitOffset + " in " + damaged;

        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            assertEquals(entries, log.lastIndex(), "corruption is never truncated; " + where);
            assertEquals(0, log.recovery().tornBytesTruncated(), "corruption is not a torn tail; " + where);
            assertEquals(1, log.recovery().corruptions().size(), "recovery reports it: " +
                log.recovery().corruptions() + "; " + where);
            Corruption reported = log.recovery().corruptions().get(0);
            assertEquals(damaged.index(), reported.index(), where);
            assertEquals(damaged.offset(), reported.offset(), where);
            checkCorrupt(log, damaged, where);
            for (long index = 1; index <= entries; index++) {
                if (index != damaged.index()) {
                    checkReadable(log, index, where);
                }
            }
            assertEquals(entries + 1, log.append(9, 0, new byte[] {1}), "appends go after the valid frames; " + where);
        }
        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            assertEquals(entries + 1, log.lastIndex(), where);
            checkCorrupt(log, damaged, where + " (after reopening)");
        }
    }

    @Test
    void twoDamagedFramesInOneSealedSegmentAreEachReportedAtTheirOwnOffset() throws IOException {
        long seed = 7;
        Random random = new Random(seed);
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        List<Frame> frames = write(storage, random);
        Frame first = frames.get(3);
        Frame second = frames.get(9);
        assertEquals(first.segment(), second.segment());
        disk.flipBit(DIRECTORY, first.segment(), first.offset() + FrameDescriptor.HEADER_LENGTH + 1, 2);
        disk.flipBit(DIRECTORY, second.segment(), second.offset() + FrameDescriptor.HEADER_LENGTH + 3, 5);
        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            checkCorrupt(log, second, "seed " + seed + ", later frame first");
            checkCorrupt(log, first, "seed " + seed);
            checkCorrupt(log, second, "seed " + seed);
            assertEquals(2, log.corruptions().size(), log.corruptions().toString());
            checkReadable(log, first.index() + 1, "seed " + seed);
        }
    }

    @Test
    void aFlippedBitInASealedSegmentHeaderMakesItsEntriesUnreadableAndOnlyThose() throws IOException {
        long seed = 11;
        Random random = new Random(seed);
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        List<Frame> frames = write(storage, random);
        String damagedSegment = frames.get(0).segment();
        String nextSegment = frames.stream().map(Frame::segment).filter(s -> !s.equals(damagedSegment)).findFirst()
            .orElseThrow();
        disk.flipBit(DIRECTORY, damagedSegment, SegmentDescriptor.PREVIOUS_TERM_OFFSET + 2, 4);
        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            assertEquals(entries, log.lastIndex());
            assertTrue(log.recovery().corruptions().stream().anyMatch(c -> c.segment().equals(damagedSegment) &&
                c.offset() == 0 && c.index() == 1), "recovery reports the bad header: " + log.recovery().corruptions());
            for (Frame frame : frames) {
                if (frame.segment().equals(damagedSegment)) {
                    CorruptLogException e = assertThrows(CorruptLogException.class,
                        () -> log.read(frame.index(), new Entry()), "entry " + frame.index() + " must not be served");
                    assertEquals(damagedSegment, e.corruption().segment());
                    assertEquals(frame.index(), e.corruption().index());
                    assertEquals(0, e.corruption().offset(), "the header is what is damaged");
                } else {
                    checkReadable(log, frame.index(), "seed " + seed + ", header of " + damagedSegment + " damaged");
                }
            }
            assertTrue(nextSegment.compareTo(damagedSegment) > 0);
        }
    }

    @Test
    void aFlippedBitInTheLastSegmentHeaderRefusesToOpenAndSaysWhere() throws IOException {
        long seed = 13;
        SimulatedDisk disk = new SimulatedDisk(new Random(seed), 1 << 24);
        Storage storage = disk.directory(DIRECTORY);
        List<Frame> frames = write(storage, new Random(seed));
        String last = lastSegment(frames);
        disk.flipBit(DIRECTORY, last, SegmentDescriptor.FIRST_INDEX_OFFSET, 0);
        CorruptLogException e = assertThrows(CorruptLogException.class, () -> WriteAheadLog.open(storage, config()));
        assertEquals(last, e.corruption().segment());
        assertEquals(0, e.corruption().offset());
        assertTrue(e.getMessage().contains(last), e.getMessage());
    }
}

package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;
import org.agrona.concurrent.AtomicBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write torn at every byte offset of the last frame is cut back to the frame before it. A real torn
 * write leaves zeros where bytes never landed (segments are preallocated with zeros), and the frame
 * length is written last, so both "the first k bytes landed" and "the first k bytes landed except
 * the length" are covered.
 */
class TornTailTest {
    private static final int SEGMENT_BYTES = 16 * 1024;
    private static final String DIRECTORY = "/log";

    /** The log as written before the tear: entries 1..N, the payloads, and where frame N lies. */
    private record Written(List<byte[]> payloads, String segment, int frameOffset, int frameLength) {
        int count() {
            return payloads.size();
        }
    }

    private static WalConfig config() {
        return new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(SyncPolicy.ALWAYS);
    }

    private static Written writeEntries(Storage storage, Random random, int count, int lastPayloadBytes)
        throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        try (WriteAheadLog log = WriteAheadLog.open(storage, config().syncPolicy(SyncPolicy.NONE))) {
            for (int i = 1; i <= count; i++) {
                byte[] payload = new byte[i == count ? lastPayloadBytes : 100 + random.nextInt(900)];
                random.nextBytes(payload);
                if (payload.length > 0) {
                    payload[payload.length - 1] = (byte)(1 + random.nextInt(255)); // a lost last byte must show
                }
                payloads.add(payload);
                log.append(1 + i / 10, i % 3, payload);
            }
            Entry entry = new Entry();
            assertTrue(log.read(count, entry));
            assertTrue(log.segments().size() > 1, "the torn frame should be in a later segment: " + log.segments());
            return new Written(payloads, entry.segment(), entry.frameOffset(), entry.frameLength());
        }
    }

    /**
     * What a tear did to the last frame.
     *
     * @param lostData   whether any byte of the frame changed (lost zeros are no loss: the frame is whole).
     * @param bytesLeft  whether any non-zero byte of the frame is still on disk.
     */
    private record Tear(boolean lostData, boolean bytesLeft) {
    }

    /** Leaves only bytes {@code [0, keptBytes)} of the last frame on disk, optionally without its length field. */
    private static Tear tear(Storage storage, Written written, int keptBytes, boolean lengthLanded) throws IOException {
        MappedFile file = storage.openMapped(written.segment(), false);
        AtomicBuffer buffer = file.buffer();
        int start = written.frameOffset();
        int end = start + written.frameLength();
        byte[] before = new byte[end - start];
        buffer.getBytes(start, before);
        buffer.setMemory(start + keptBytes, end - start - keptBytes, (byte)0);
        if (!lengthLanded) {
            buffer.putInt(start + FrameDescriptor.LENGTH_OFFSET, 0);
        }
        byte[] after = new byte[end - start];
        buffer.getBytes(start, after);
        boolean bytesLeft = SegmentScanner.lastNonZero(buffer, start, end) >= 0;
        file.force(0, file.lengthBytes());
        file.close();
        return new Tear(!java.util.Arrays.equals(before, after), bytesLeft);
    }

    @ParameterizedTest(name = "last payload {0} bytes")
    @ValueSource(ints = {0, 7, 200, 600})
    void aTornLastFrameIsCutBackToThePreviousFrameAtEveryByteOffset(int lastPayloadBytes) throws IOException {
        long seed = 42 + lastPayloadBytes;
        Random random = new Random(seed);
        int frameLength = FrameDescriptor.HEADER_LENGTH + lastPayloadBytes;
        for (int kept = 0; kept < frameLength; kept++) {
            for (boolean lengthLanded : new boolean[] {true, false}) {
                String where = "seed " + seed + ", payload " + lastPayloadBytes + " bytes, first " + kept +
                    " bytes of the last frame landed" + (lengthLanded ? "" : " except its length");
                SimulatedDisk disk = new SimulatedDisk(new Random(seed), 1 << 24);
                Storage storage = disk.directory(DIRECTORY);
                Written written = writeEntries(storage, new Random(seed), 40, lastPayloadBytes);
                Tear tear = tear(storage, written, kept, lengthLanded);
                disk.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
                if (tear.lostData()) {
                    checkRepaired(storage, written, tear.bytesLeft(), where);
                } else {
                    try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
                        assertEquals(written.count(), log.lastIndex(), "only zeros were lost: the frame is whole; " + where);
                        checkEntries(log, written, written.count(), where);
                    }
                }
            }
        }
    }

    private static void checkRepaired(Storage storage, Written written, boolean tornBytesOnDisk, String where)
        throws IOException {
        int count = written.count();
        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            assertEquals(count - 1, log.lastIndex(), "the torn frame is cut off; " + where);
            assertTrue(log.corruptions().isEmpty(), "a torn tail is not corruption: " + log.corruptions() + "; " + where);
            if (tornBytesOnDisk) {
                assertTrue(log.recovery().tornBytesTruncated() > 0, "torn bytes are reported; " + where);
                assertEquals(count, log.recovery().tornIndex(), "the torn index is reported; " + where);
            } else {
                assertEquals(0, log.recovery().tornBytesTruncated(), "nothing landed, nothing to cut; " + where);
            }
            assertEquals(1 + (count - 1) / 10, log.lastTerm(), where);
            byte[] replacement = {1, 2, 3};
            assertEquals(count, log.append(99, 5, replacement), "the next append takes the torn index; " + where);
            checkEntries(log, written, count - 1, where);
        }
        try (WriteAheadLog log = WriteAheadLog.open(storage, config())) {
            assertEquals(count, log.lastIndex(), where);
            assertEquals(0, log.recovery().tornBytesTruncated(), "the repair was made durable; " + where);
            checkEntries(log, written, count - 1, where);
            Entry entry = new Entry();
            assertTrue(log.read(count, entry), where);
            assertEquals(99, entry.term(), where);
            assertArrayEquals(new byte[] {1, 2, 3}, entry.payloadBytes(), where);
        }
    }

    private static void checkEntries(WriteAheadLog log, Written written, int upTo, String where) throws IOException {
        Entry entry = new Entry();
        for (int i = 1; i <= upTo; i++) {
            assertTrue(log.read(i, entry), "read " + i + "; " + where);
            assertArrayEquals(written.payloads().get(i - 1), entry.payloadBytes(), "payload " + i + "; " + where);
        }
    }
}

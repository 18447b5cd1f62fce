package io.replog.snapshot;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;
import io.replog.wal.storage.WritableFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Every flipped bit and every truncation of a snapshot file is caught, and located. */
class SnapshotDamageTest {
    private static final long SEED = 0x5EED_0002L;
    private static final String DIRECTORY = "/node/snapshots";
    private static final int CHUNK_LENGTH_BYTES = 512;

    @Test
    void everyFlippedBitInHeaderChunksOrTrailerIsDetectedByVerifyAndByTheReader() throws IOException {
        SimulatedDisk disk = TestStates.disk(SEED);
        Storage storage = disk.directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, CHUNK_LENGTH_BYTES);
        byte[] state = TestStates.randomState(new Random(SEED), 5 * CHUNK_LENGTH_BYTES + 100);
        SnapshotInfo info = TestStates.writeSnapshot(store, 42, 3, state);
        String name = info.fileName();
        long[] chunkStarts = chunkStarts(storage, name);
        long trailerStart = info.fileLengthBytes() - SnapshotTrailerDescriptor.LENGTH_BYTES;

        for (long offset = 0; offset < info.fileLengthBytes(); offset++) {
            for (int bit = 0; bit < 8; bit++) {
                String context = "bit " + bit + " of byte " + offset + " (seed " + SEED + ")";
                disk.flipBit(DIRECTORY, name, offset, bit);
                SnapshotDamagedException fromVerify = store.verify(name).damageIfAny()
                    .orElseThrow(() -> new AssertionError("verify missed " + context));
                SnapshotDamagedException fromReader = assertThrows(SnapshotDamagedException.class,
                    () -> TestStates.readAll(store, name), context);
                disk.flipBit(DIRECTORY, name, offset, bit);

                assertLocated(fromVerify, offset, chunkStarts, trailerStart, name, context);
                assertLocated(fromReader, offset, chunkStarts, trailerStart, name, context);
            }
        }
        assertArrayEquals(state, TestStates.readAll(store, name), "the flips were undone");
    }

    private static void assertLocated(SnapshotDamagedException damage, long offset, long[] chunkStarts,
        long trailerStart, String name, String context) {
        assertEquals(name, damage.fileName(), context);
        assertTrue(damage.getMessage().startsWith(name + " is damaged"), context + ": " + damage.getMessage());
        if (offset < chunkStarts[0]) {
            assertEquals(SnapshotDamagedException.Region.HEADER, damage.region(), context + ": " + damage.getMessage());
        } else if (offset >= trailerStart) {
            assertEquals(SnapshotDamagedException.Region.TRAILER, damage.region(), context + ": " + damage.getMessage());
        } else {
            int chunk = chunkContaining(chunkStarts, offset);
            assertEquals(SnapshotDamagedException.Region.CHUNK, damage.region(), context + ": " + damage.getMessage());
            assertEquals(chunk, damage.chunkNumber(), context + ": " + damage.getMessage());
            assertEquals(chunkStarts[chunk], damage.byteOffset(), context + ": " + damage.getMessage());
            assertTrue(damage.getMessage().contains("at chunk " + chunk + " (offset " + chunkStarts[chunk] + ")"),
                damage.getMessage());
        }
    }

    @Test
    void everyTruncationIsRejectedAndTheListingCallsItDamaged() throws IOException {
        SimulatedDisk disk = TestStates.disk(SEED);
        Storage storage = disk.directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, CHUNK_LENGTH_BYTES);
        SnapshotInfo info = TestStates.writeSnapshot(store, 42, 3,
            TestStates.randomState(new Random(SEED), 3 * CHUNK_LENGTH_BYTES));
        byte[] whole = readFile(storage, info.fileName());
        Storage other = disk.directory("/other");
        other.createDirectory();
        SnapshotStore truncatedStore = TestStates.store(other, CHUNK_LENGTH_BYTES);

        for (int length = 0; length < whole.length; length++) {
            try (WritableFile file = other.createWritable(info.fileName())) {
                file.write(ByteBuffer.wrap(whole, 0, length));
            }
            String context = "truncated to " + length + " of " + whole.length + " bytes";
            assertFalse(truncatedStore.verify(info.fileName()).valid(), context);
            assertThrows(SnapshotDamagedException.class, () -> TestStates.readAll(truncatedStore, info.fileName()),
                context);
            assertFalse(truncatedStore.list().get(0).valid(), context);
            assertTrue(truncatedStore.newestValid().isEmpty(), context);
        }
    }

    @Test
    void aFileWhoseHeaderDisagreesWithItsNameIsDamaged() throws IOException {
        Storage storage = TestStates.disk(SEED).directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, CHUNK_LENGTH_BYTES);
        SnapshotInfo info = TestStates.writeSnapshot(store, 42, 3, new byte[100]);
        String claimsNewer = new SnapshotFileName(3, 9000).fileName();
        storage.rename(info.fileName(), claimsNewer);

        assertFalse(store.list().get(0).valid());
        assertTrue(store.newestValid().isEmpty(), "a renamed file must not pass for a snapshot at index 9000");
        assertFalse(store.verify(claimsNewer).valid());
    }

    @Test
    void randomCorruptionIsAlwaysReportedAsDamageAndNeverAsAnotherFailure() throws IOException {
        Random random = new Random(SEED + 1);
        SimulatedDisk disk = TestStates.disk(SEED);
        Storage storage = disk.directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, CHUNK_LENGTH_BYTES);
        SnapshotInfo info = TestStates.writeSnapshot(store, 42, 3,
            TestStates.randomState(new Random(SEED), 6 * CHUNK_LENGTH_BYTES));
        byte[] original = readFile(storage, info.fileName());
        Storage other = disk.directory("/fuzz");
        other.createDirectory();
        SnapshotStore fuzzed = TestStates.store(other, CHUNK_LENGTH_BYTES);

        for (int round = 0; round < 3000; round++) {
            byte[] corrupt = corrupt(original, random);
            if (java.util.Arrays.equals(corrupt, original)) {
                continue;
            }
            try (WritableFile file = other.createWritable(info.fileName())) {
                file.write(ByteBuffer.wrap(corrupt));
            }
            String context = "seed " + (SEED + 1) + " round " + round;
            assertFalse(fuzzed.verify(info.fileName()).valid(), context);
            assertThrows(SnapshotDamagedException.class, () -> TestStates.readAll(fuzzed, info.fileName()), context);
        }
    }

    /** Overwrites a few random bytes, or cuts the file, or appends garbage. */
    private static byte[] corrupt(byte[] original, Random random) {
        switch (random.nextInt(4)) {
            case 0 -> {
                return java.util.Arrays.copyOf(original, random.nextInt(original.length));
            }
            case 1 -> {
                byte[] longer = java.util.Arrays.copyOf(original, original.length + 1 + random.nextInt(100));
                for (int i = original.length; i < longer.length; i++) {
                    longer[i] = (byte)random.nextInt();
                }
                return longer;
            }
            default -> {
                byte[] corrupt = original.clone();
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    corrupt[random.nextInt(corrupt.length)] = (byte)random.nextInt();
                }
                return corrupt;
            }
        }
    }

    @Test
    void theTrailersFileCrcIsTheCrc32cOfEveryByteBeforeTheTrailer() throws IOException {
        Storage storage = TestStates.disk(SEED).directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, CHUNK_LENGTH_BYTES);
        SnapshotInfo info = TestStates.writeSnapshot(store, 42, 3,
            TestStates.randomState(new Random(SEED), 7 * CHUNK_LENGTH_BYTES + 3));
        byte[] whole = readFile(storage, info.fileName());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(whole, 0, whole.length - SnapshotTrailerDescriptor.LENGTH_BYTES);
        assertEquals((int)crc.getValue(), info.trailer().fileCrc(), "any tool can check the file with a plain CRC32C");
    }

    /** Offsets of every chunk, read from an intact file independently of the reader under test. */
    static long[] chunkStarts(Storage storage, String name) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(readFile(storage, name)).order(ByteOrder.LITTLE_ENDIAN);
        long end = bytes.capacity() - SnapshotTrailerDescriptor.LENGTH_BYTES;
        List<Long> starts = new ArrayList<>();
        long position = bytes.getInt(SnapshotHeaderDescriptor.HEADER_LENGTH_OFFSET);
        while (position < end) {
            starts.add(position);
            position += ChunkDescriptor.HEADER_LENGTH_BYTES +
                bytes.getInt((int)position + ChunkDescriptor.STORED_LENGTH_OFFSET);
        }
        starts.add(end);
        return starts.stream().mapToLong(Long::longValue).toArray();
    }

    private static int chunkContaining(long[] chunkStarts, long offset) {
        int chunk = 0;
        while (chunkStarts[chunk + 1] <= offset) {
            chunk++;
        }
        return chunk;
    }

    static byte[] readFile(Storage storage, String name) throws IOException {
        try (ReadableFile file = storage.openReadable(name)) {
            ByteBuffer bytes = ByteBuffer.allocate((int)file.size());
            while (bytes.hasRemaining()) {
                file.read(bytes, bytes.position());
            }
            return bytes.array();
        }
    }
}

package io.replog.snapshot;

import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.Storage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotRoundTripTest {
    private static final long SEED = 0x5EED_0001L;

    @Test
    void randomStateRoundTripsOnTheSimulatedDisk() throws IOException {
        Random random = new Random(SEED);
        for (int round = 0; round < 40; round++) {
            roundTrip(TestStates.disk(round).directory("/node/snapshots"), random, "seed " + SEED + " round " + round);
        }
    }

    @Test
    void randomStateRoundTripsOnRealFiles(@TempDir Path directory) throws IOException {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 10; round++) {
            roundTrip(new FileStorage(directory.resolve("r" + round)), random, "seed " + (SEED + 1) + " round " + round);
        }
    }

    private static void roundTrip(Storage storage, Random random, String context) throws IOException {
        int chunkLengthBytes = 16 + random.nextInt(8192);
        ChunkThreading threading = ChunkThreading.values()[random.nextInt(ChunkThreading.values().length)];
        SnapshotStore store = TestStates.store(storage, chunkLengthBytes, threading);
        context += " " + threading;
        byte[] state = TestStates.randomState(random, random.nextInt(6 * chunkLengthBytes));
        byte[] metadata = new byte[random.nextInt(100)];
        random.nextBytes(metadata);
        long index = 1 + random.nextInt(1_000_000);
        long term = 1 + random.nextInt(50);

        SnapshotInfo written;
        try (SnapshotWriter writer = store.begin(index, term, TestStates.THREE_NODES, metadata)) {
            writeInRandomPieces(writer, state, random);
            written = writer.commit();
        }

        long expectedChunks = (state.length + chunkLengthBytes - 1) / chunkLengthBytes;
        assertEquals(expectedChunks, written.trailer().chunkCount(), context);
        assertEquals(state.length, written.uncompressedLengthBytes(), context);
        assertEquals(List.of(), store.temporaryFiles(), context);
        try (SnapshotReader reader = store.open(new SnapshotFileName(term, index).fileName())) {
            assertEquals(written.header(), reader.header(), context);
            assertArrayEquals(metadata, reader.header().metadata(), context);
            assertEquals(TestStates.THREE_NODES, reader.header().configuration(), context);
            assertArrayEquals(state, readInRandomPieces(reader, random), context);
            assertEquals(expectedChunks, reader.chunksRead(), context);
        }
        assertTrue(store.verify(written.fileName()).valid(), context);
    }

    /** Mixes every write method, so chunk boundaries fall inside writes of each kind. */
    private static void writeInRandomPieces(SnapshotWriter writer, byte[] state, Random random) throws IOException {
        int position = 0;
        while (position < state.length) {
            int length = Math.min(state.length - position, random.nextInt(3000));
            switch (random.nextInt(4)) {
                case 0 -> {
                    length = 1;
                    writer.write(state[position]);
                }
                case 1 -> writer.write(state, position, length);
                case 2 -> writer.write(ByteBuffer.wrap(state, position, length));
                default -> writer.write(new UnsafeBuffer(state), position, length);
            }
            position += length;
        }
    }

    private static byte[] readInRandomPieces(SnapshotReader reader, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            if (random.nextInt(5) == 0) {
                int b = reader.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
            } else {
                byte[] piece = new byte[1 + random.nextInt(5000)];
                int read = random.nextBoolean() ? reader.read(piece, 0, piece.length) : readBuffer(reader, piece);
                if (read < 0) {
                    return out.toByteArray();
                }
                out.write(piece, 0, read);
            }
        }
    }

    private static int readBuffer(SnapshotReader reader, byte[] piece) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(piece.length);
        int read = reader.read(buffer);
        if (read > 0) {
            buffer.flip().get(piece, 0, read);
        }
        return read;
    }

    @Test
    void emptyStateIsASnapshotWithNoChunks() throws IOException {
        SnapshotStore store = TestStates.store(TestStates.disk(1).directory("/s"), 1024);
        SnapshotInfo info = TestStates.writeSnapshot(store, 5, 2, new byte[0]);
        assertEquals(0, info.trailer().chunkCount());
        assertArrayEquals(new byte[0], TestStates.readAll(store, info.fileName()));
        assertEquals(info.fileName(), store.newestValid().orElseThrow().fileName());
    }

    @Test
    void incompressibleChunksAreStoredRawAndRepetitiveOnesCompressed() throws IOException {
        int chunkLengthBytes = 4096;
        SnapshotStore store = TestStates.store(TestStates.disk(2).directory("/s"), chunkLengthBytes);
        byte[] noise = new byte[10 * chunkLengthBytes];
        new Random(SEED).nextBytes(noise);
        SnapshotInfo raw = TestStates.writeSnapshot(store, 10, 1, noise);
        long overheadBytes = raw.fileLengthBytes() - noise.length;
        assertTrue(overheadBytes <= 1000 + 10 * ChunkDescriptor.HEADER_LENGTH_BYTES,
            "random state must not grow by more than headers, grew by " + overheadBytes + " bytes (seed " + SEED + ")");
        assertArrayEquals(noise, TestStates.readAll(store, raw.fileName()));

        SnapshotInfo compressed = TestStates.writeSnapshot(store, 20, 1, new byte[10 * chunkLengthBytes]);
        assertTrue(compressed.compressionRatio() > 10, "zeros compress, ratio " + compressed.compressionRatio());
        assertArrayEquals(new byte[10 * chunkLengthBytes], TestStates.readAll(store, compressed.fileName()));
    }

    @Test
    void snapshotFileNamesSortByTermThenIndexAndRejectOtherNames() {
        SnapshotFileName name = new SnapshotFileName(3, 4097);
        assertEquals("snapshot-00000000000000000003-00000000000000004097.snap", name.fileName());
        assertEquals(name, SnapshotFileName.parse(name.fileName()).orElseThrow());
        assertTrue(SnapshotFileName.parse(name.temporaryName()).isEmpty());
        assertTrue(SnapshotFileName.isTemporary(name.temporaryName()));
        assertTrue(SnapshotFileName.parse("snapshot-3-4097.snap").isEmpty());
        assertTrue(SnapshotFileName.parse("snapshot-0000000000000000000x-00000000000000004097.snap").isEmpty());
        assertTrue(SnapshotFileName.parse("snapshot-99999999999999999999-00000000000000004097.snap").isEmpty(),
            "a term past Long.MAX_VALUE is not a name");
    }
}

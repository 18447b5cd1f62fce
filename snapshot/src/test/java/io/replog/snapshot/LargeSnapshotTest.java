package io.replog.snapshot;

import io.replog.snapshot.bench.SyntheticState;
import io.replog.wal.storage.FileStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A snapshot larger than the test JVM's whole heap (surefire runs it with -Xmx1g) streams through
 * the writer and the reader: memory stays bounded by the chunk buffers. Tagged "large" (about
 * 1.5 GiB of state, around half a minute); skip it with {@code -DexcludedGroups=large}.
 */
@Tag("large")
class LargeSnapshotTest {
    private static final long SEED = 0x5EED_0006L;
    private static final long STATE_BYTES = 1536L << 20;
    private static final int PIECE_BYTES = 1 << 20;

    @Test
    void aSnapshotLargerThanTheHeapRoundTrips() throws IOException {
        assertTrue(STATE_BYTES > Runtime.getRuntime().maxMemory(), "the state must not fit in the heap (" +
            Runtime.getRuntime().maxMemory() + " bytes) for this test to mean anything");
        Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "large-snapshot-");
        try {
            SnapshotStore store = SnapshotStore.open(directory);
            CRC32C writtenCrc = new CRC32C();
            SnapshotInfo info;
            try (SnapshotWriter writer = store.begin(1_000_000, 7, TestStates.THREE_NODES, new byte[0])) {
                SyntheticState state = new SyntheticState(SEED);
                byte[] piece = new byte[PIECE_BYTES];
                for (long written = 0; written < STATE_BYTES; written += PIECE_BYTES) {
                    state.fill(piece, 0, PIECE_BYTES);
                    writtenCrc.update(piece);
                    writer.write(piece);
                }
                info = writer.commit();
            }
            assertEquals(STATE_BYTES, info.uncompressedLengthBytes(), "seed " + SEED);
            assertTrue(info.compressionRatio() > 1.5, "synthetic state compresses, ratio " + info.compressionRatio());

            CRC32C readCrc = new CRC32C();
            long read = 0;
            try (SnapshotReader reader = SnapshotReader.open(new FileStorage(directory), info.fileName())) {
                byte[] piece = new byte[PIECE_BYTES];
                int count;
                while ((count = reader.read(piece, 0, piece.length)) >= 0) {
                    readCrc.update(piece, 0, count);
                    read += count;
                }
            }
            assertEquals(STATE_BYTES, read, "seed " + SEED);
            assertEquals(writtenCrc.getValue(), readCrc.getValue(), "state read back differs, seed " + SEED);
        } finally {
            deleteRecursively(directory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

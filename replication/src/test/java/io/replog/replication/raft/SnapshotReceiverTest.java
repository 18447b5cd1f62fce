package io.replog.replication.raft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotReceiverTest {
    private static final SnapshotMeta META = new SnapshotMeta(10, 2, Configuration.ofVoters(1, 2, 3));
    private static final Snapshot THREE_BYTES = MemoryLogStorage.describe(META, new byte[] {1, 2, 3});

    @Test
    void inOrderChunksAreHandedOutUntilTheLastCompletesTheSnapshot() {
        SnapshotReceiver receiver = new SnapshotReceiver(null);
        SnapshotChunk first = receiver.offer(THREE_BYTES, 0, new byte[] {1, 2});
        assertNotNull(first);
        assertFalse(first.completes());
        assertEquals(2, receiver.nextOffsetBytes(THREE_BYTES));
        SnapshotChunk last = receiver.offer(THREE_BYTES, 2, new byte[] {3});
        assertTrue(last.completes());
        assertTrue(receiver.awaitingVerification(THREE_BYTES));
        assertNull(receiver.offer(THREE_BYTES, 0, new byte[] {1, 2}), "nothing is taken while the host verifies");
    }

    @Test
    void aPartialFileFoundAtStartResumesWhereItEnds() {
        SnapshotReceiver receiver = new SnapshotReceiver(new PartialSnapshot(THREE_BYTES, 2));
        assertEquals(2, receiver.nextOffsetBytes(THREE_BYTES));
        assertNull(receiver.offer(THREE_BYTES, 0, new byte[] {1, 2}), "a probe at 0 of the same bytes does not restart it");
        assertEquals(2, receiver.nextOffsetBytes(THREE_BYTES));
        assertTrue(receiver.offer(THREE_BYTES, 2, new byte[] {3}).completes());
    }

    @Test
    void otherBytesRestartOnlyFromOffsetZero() {
        SnapshotReceiver receiver = new SnapshotReceiver(null);
        receiver.offer(THREE_BYTES, 0, new byte[] {1, 2});
        Snapshot newer = MemoryLogStorage.describe(new SnapshotMeta(20, 3, META.configuration()), new byte[] {9, 9, 9});
        assertNull(receiver.offer(newer, 2, new byte[] {9}), "offset 2 of another snapshot is not a continuation");
        assertEquals(0, receiver.nextOffsetBytes(newer));
        assertEquals(2, receiver.nextOffsetBytes(THREE_BYTES), "the partial copy survives a stray chunk");
        Snapshot sameIndexOtherBytes = MemoryLogStorage.describe(META, new byte[] {7, 7, 7});
        assertNotNull(receiver.offer(sameIndexOtherBytes, 0, new byte[] {7}), "same index and term, other bytes: start over");
        assertEquals(0, receiver.nextOffsetBytes(THREE_BYTES));
    }

    @Test
    void anEmptySnapshotCompletesWithOneEmptyChunk() {
        Snapshot empty = MemoryLogStorage.describe(META, new byte[0]);
        SnapshotReceiver receiver = new SnapshotReceiver(null);
        assertTrue(receiver.offer(empty, 0, new byte[0]).completes());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2706480404576052177L})
    void outOfOrderAndDuplicateChunksAreIgnoredUntilTheWantedOffsetArrives(long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[97];
        random.nextBytes(data);
        Snapshot snapshot = MemoryLogStorage.describe(META, data);
        int chunkBytes = 1 + random.nextInt(20);
        int chunks = (data.length + chunkBytes - 1) / chunkBytes;
        SnapshotReceiver receiver = new SnapshotReceiver(null);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        boolean complete = false;
        for (int attempt = 0; attempt < 100_000 && !complete; attempt++) {
            // A lossy, reordering sender that answers the receiver's request half of the time (as the leader
            // does on each response) and otherwise replays a random chunk, the first one included.
            int offset = random.nextBoolean() ? (int)receiver.nextOffsetBytes(snapshot) : chunkBytes * random.nextInt(chunks);
            int end = Math.min(data.length, offset + chunkBytes);
            SnapshotChunk accepted = receiver.offer(snapshot, offset, Arrays.copyOfRange(data, offset, end));
            if (accepted != null) {
                assertEquals(written.size(), accepted.offsetBytes(), "seed " + seed + ": a chunk out of order was handed out");
                written.writeBytes(accepted.data());
                complete = accepted.completes();
            }
        }
        assertTrue(complete, "seed " + seed + ": never completed");
        assertArrayEquals(data, written.toByteArray(), "seed " + seed + ": reassembled bytes differ");
    }
}

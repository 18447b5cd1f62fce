package io.replog.replication.raft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class SnapshotReceiverTest {
    private static final SnapshotMeta META = new SnapshotMeta(10, 2, Configuration.ofVoters(1, 2, 3));

    @Test
    void inOrderChunksReassembleTheSnapshot() {
        SnapshotReceiver receiver = new SnapshotReceiver();
        assertNull(receiver.offer(META, 0, new byte[] {1, 2}, false));
        assertEquals(2, receiver.nextOffsetBytes(10));
        Snapshot snapshot = receiver.offer(META, 2, new byte[] {3}, true);
        assertNotNull(snapshot);
        assertArrayEquals(new byte[] {1, 2, 3}, snapshot.data());
        assertEquals(META, snapshot.meta());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 2706480404576052177L})
    void outOfOrderAndDuplicateChunksAreIgnoredUntilTheWantedOffsetArrives(long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[97];
        random.nextBytes(data);
        int chunkBytes = 1 + random.nextInt(20);
        int chunks = (data.length + chunkBytes - 1) / chunkBytes;
        SnapshotReceiver receiver = new SnapshotReceiver();
        Snapshot result = null;
        for (int attempt = 0; attempt < 100_000 && result == null; attempt++) {
            // A lossy, reordering sender that answers the receiver's request half of the time (as the leader
            // does on each response) and otherwise replays a random chunk, the first one (a restart) included.
            int offset = random.nextBoolean() ? (int)receiver.nextOffsetBytes(META.index()) :
                chunkBytes * random.nextInt(chunks);
            int end = Math.min(data.length, offset + chunkBytes);
            result = receiver.offer(META, offset, Arrays.copyOfRange(data, offset, end), end == data.length);
        }
        assertNotNull(result, "seed " + seed + ": never completed");
        assertArrayEquals(data, result.data(), "seed " + seed + ": reassembled bytes differ");
    }

    @Test
    void aChunkOfAnotherSnapshotDoesNotMixIn() {
        SnapshotReceiver receiver = new SnapshotReceiver();
        receiver.offer(META, 0, new byte[] {1, 2}, false);
        SnapshotMeta other = new SnapshotMeta(20, 3, META.configuration());
        assertNull(receiver.offer(other, 2, new byte[] {9}, true), "offset 2 of another snapshot is not a continuation");
        assertEquals(0, receiver.nextOffsetBytes(20));
        assertEquals(2, receiver.nextOffsetBytes(10));
    }
}

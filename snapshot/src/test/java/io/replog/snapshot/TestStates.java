package io.replog.snapshot;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/** Generated snapshot state and small helpers shared by the snapshot tests. */
final class TestStates {
    static final ClusterConfiguration THREE_NODES = new ClusterConfiguration(
        List.of(new ClusterConfiguration.Member(1, "10.0.0.1:9000"), new ClusterConfiguration.Member(2, "10.0.0.2:9000"),
            new ClusterConfiguration.Member(3, "node-3.example:9000")),
        List.of(new ClusterConfiguration.Member(7, "learner-7:9000")));

    private TestStates() {
    }

    /** Random bytes, in runs that are either incompressible or repetitive, so both chunk kinds occur. */
    static byte[] randomState(Random random, int lengthBytes) {
        byte[] state = new byte[lengthBytes];
        int position = 0;
        while (position < lengthBytes) {
            int run = Math.min(lengthBytes - position, 1 + random.nextInt(2000));
            if (random.nextBoolean()) {
                byte[] noise = new byte[run];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, state, position, run);
            } else {
                byte value = (byte)random.nextInt(4);
                for (int i = 0; i < run; i++) {
                    state[position + i] = (byte)(value + (i % 7));
                }
            }
            position += run;
        }
        return state;
    }

    /** State derived only from the snapshot index, so a test can check any surviving snapshot. */
    static byte[] stateForIndex(long index, int lengthBytes) {
        return randomState(new Random(index * 7919L), lengthBytes);
    }

    static SnapshotInfo writeSnapshot(SnapshotStore store, long index, long term, byte[] state) throws IOException {
        try (SnapshotWriter writer = store.begin(index, term, THREE_NODES, ("meta-" + index).getBytes())) {
            writer.write(state);
            return writer.commit();
        }
    }

    static byte[] readAll(SnapshotStore store, String fileName) throws IOException {
        try (SnapshotReader reader = store.open(fileName)) {
            return reader.readAllBytes();
        }
    }

    static SimulatedDisk disk(long seed) {
        return new SimulatedDisk(new Random(seed), 1L << 30);
    }

    /** A store that does all chunk work on the caller's thread, as the simulator needs. */
    static SnapshotStore store(Storage storage, int chunkLengthBytes) {
        return store(storage, chunkLengthBytes, ChunkThreading.INLINE);
    }

    static SnapshotStore store(Storage storage, int chunkLengthBytes, ChunkThreading threading) {
        return new SnapshotStore(storage, () -> 1_700_000_000_000L, chunkLengthBytes, threading);
    }
}

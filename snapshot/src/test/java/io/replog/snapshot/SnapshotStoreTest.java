package io.replog.snapshot;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotStoreTest {
    private static final long SEED = 0x5EED_0003L;
    private static final String DIRECTORY = "/node/snapshots";

    @Test
    void listSkipsTemporaryFilesAndReportsDamagedOnesWithoutDeletingThem() throws IOException {
        SimulatedDisk disk = TestStates.disk(SEED);
        Storage storage = disk.directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, 256);
        TestStates.writeSnapshot(store, 10, 1, TestStates.stateForIndex(10, 1000));
        SnapshotInfo newest = TestStates.writeSnapshot(store, 20, 2, TestStates.stateForIndex(20, 1000));
        SnapshotWriter inFlight = store.begin(30, 2, ClusterConfiguration.EMPTY, new byte[0]);
        inFlight.write(new byte[5000]);
        disk.flipBit(DIRECTORY, newest.fileName(), 7, 0);

        List<SnapshotListing> listings = store.list();
        assertEquals(List.of(10L, 20L), listings.stream().map(l -> l.name().index()).toList());
        assertTrue(listings.get(0).valid());
        assertFalse(listings.get(1).valid());
        assertEquals(SnapshotDamagedException.Region.HEADER, listings.get(1).damage().region());
        assertEquals(10, store.newestValid().orElseThrow().lastIncludedIndex(),
            "the damaged newer snapshot and the temporary file are not taken");

        RetentionResult retention = store.retain(1);
        assertEquals(List.of(newest.fileName()), retention.damagedKept());
        assertTrue(storage.exists(newest.fileName()), "damaged files are evidence and are never deleted");
        assertEquals(List.of(), retention.deletedTemporaryFiles(), "a writer in flight keeps its temporary file");
        inFlight.commit();
        assertEquals(30, store.newestValid().orElseThrow().lastIncludedIndex());
    }

    @Test
    void retentionKeepsTheNewestValidSnapshotsAndRemovesAbandonedTemporaryFiles() throws IOException {
        Random random = new Random(SEED);
        for (int round = 0; round < 20; round++) {
            String context = "seed " + SEED + " round " + round;
            Storage storage = TestStates.disk(round).directory(DIRECTORY);
            SnapshotStore store = TestStates.store(storage, 256);
            int snapshots = 1 + random.nextInt(6);
            for (int i = 1; i <= snapshots; i++) {
                TestStates.writeSnapshot(store, 100L * i, i, TestStates.stateForIndex(i, 300));
            }
            storage.createWritable(new SnapshotFileName(9, 999).temporaryName()).close();
            int keep = 1 + random.nextInt(4);

            RetentionResult retention = store.retain(keep);

            List<Long> expectedKept = new java.util.ArrayList<>();
            for (int i = snapshots; i > Math.max(0, snapshots - keep); i--) {
                expectedKept.add(100L * i);
            }
            assertEquals(expectedKept, store.list().stream().map(l -> l.name().index()).sorted(
                java.util.Comparator.reverseOrder()).toList(), context);
            assertEquals(Math.max(0, snapshots - keep), retention.deletedSnapshots().size(), context);
            assertEquals(List.of(), store.temporaryFiles(), context);
            assertEquals(1, retention.deletedTemporaryFiles().size(), context);
        }
    }

    @Test
    void closingAWriterWithoutCommitLeavesNoFileBehind() throws IOException {
        Storage storage = TestStates.disk(SEED).directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, 256);
        try (SnapshotWriter writer = store.begin(5, 1, ClusterConfiguration.EMPTY, new byte[0])) {
            writer.write(new byte[10_000]);
        }
        assertEquals(List.of(), storage.list());
        assertTrue(store.newestValid().isEmpty());
    }

    @Test
    void aFailedForceAbandonsTheSnapshotInsteadOfPublishingIt() throws IOException {
        SimulatedDisk disk = TestStates.disk(SEED);
        Storage storage = disk.directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, 256);
        SnapshotWriter writer = store.begin(5, 1, ClusterConfiguration.EMPTY, new byte[0]);
        writer.write(new byte[10_000]);
        disk.failSyncs(0);

        IOException failure = assertThrows(IOException.class, writer::commit);
        assertTrue(failure.getMessage().contains("fsync"), failure.getMessage());
        assertEquals(List.of(), storage.list(), "neither the temporary nor the final name survives");
        assertThrows(IOException.class, () -> writer.write(1), "a failed writer is never retried");
    }

    @Test
    void aFullDiskFailsTheSnapshotWithTheDeviceErrorAndCleansUp() throws IOException {
        SimulatedDisk disk = new SimulatedDisk(new Random(SEED), 20_000);
        Storage storage = disk.directory(DIRECTORY);
        SnapshotStore store = TestStates.store(storage, 1024);
        byte[] noise = new byte[50_000];
        new Random(SEED).nextBytes(noise);

        IOException failure = assertThrows(IOException.class, () -> TestStates.writeSnapshot(store, 5, 1, noise));
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
        assertEquals(List.of(), storage.list());
    }

    @Test
    void twoWritersForTheSameSnapshotAreRefused() throws IOException {
        SnapshotStore store = TestStates.store(TestStates.disk(SEED).directory(DIRECTORY), 256);
        try (SnapshotWriter first = store.begin(5, 1, ClusterConfiguration.EMPTY, new byte[0])) {
            assertThrows(IllegalStateException.class, () -> store.begin(5, 1, ClusterConfiguration.EMPTY, new byte[0]));
            first.commit();
        }
        assertEquals(5, store.newestValid().orElseThrow().lastIncludedIndex());
    }
}

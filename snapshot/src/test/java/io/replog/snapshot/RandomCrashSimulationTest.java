package io.replog.snapshot;

import io.replog.snapshot.compaction.Compactor;
import io.replog.snapshot.compaction.WalCompactableLog;
import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.sim.SimulatedDisk;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Many rounds of a node's life on one simulated disk: append, snapshot at a random applied index,
 * retention, compaction with a random margin, each round possibly cut short by a crash at a random
 * storage call in a random crash mode. After every round the directory must open with no gap and
 * keep everything that was reported durable. Prints the seed of any failure.
 */
class RandomCrashSimulationTest {
    private static final long SEED = 0x5EED_000BL;
    private static final int RUNS = 25;
    private static final int ROUNDS_PER_RUN = 15;

    /** What the node was told is durable, across rounds. */
    private static final class Durable {
        long appended;
        long snapshot;
        int snapshotsTaken;
        int compactionsThatDeleted;
    }

    @Test
    void randomRoundsWithRandomCrashesNeverLoseDurableDataOrLeaveAGap() throws IOException {
        int crashes = 0;
        int snapshots = 0;
        int compactions = 0;
        for (int run = 0; run < RUNS; run++) {
            long seed = SEED + run;
            Random random = new Random(seed);
            SimulatedDisk disk = TestStates.disk(seed);
            NodeDirectory raw = NodeDirectory.simulated(disk, "/node");
            Durable durable = new Durable();
            for (int round = 0; round < ROUNDS_PER_RUN; round++) {
                String context = "seed " + seed + " round " + round;
                long crashAfter = random.nextInt(3) == 0 ? Long.MAX_VALUE : 1 + random.nextInt(60);
                CrashingStorage.Countdown countdown = new CrashingStorage.Countdown(crashAfter);
                NodeDirectory crashing = new NodeDirectory("crashing", new CrashingStorage(raw.logStorage(), countdown),
                    new CrashingStorage(raw.snapshotStorage(), countdown));
                try {
                    liveOneRound(crashing, random, durable);
                } catch (CrashingStorage.Crash | IOException failure) {
                    // The log turns a failed force into its own fail-stop exception; either way the
                    // failure must be the injected crash, never a problem of its own.
                    if (!countdown.dead()) {
                        throw new AssertionError("a failure that was not injected (" + context + ")", failure);
                    }
                }
                disk.crash(SimulatedDisk.CrashMode.values()[random.nextInt(SimulatedDisk.CrashMode.values().length)]);
                check(raw, durable, context + " (crash after " + countdown.lastStep() + ")");
                crashes += countdown.dead() ? 1 : 0;
            }
            snapshots += durable.snapshotsTaken;
            compactions += durable.compactionsThatDeleted;
        }
        System.out.println(RUNS * ROUNDS_PER_RUN + " rounds: " + crashes + " crashed, " + snapshots +
            " snapshots committed, " + compactions + " compactions deleted segments");
        assertTrue(crashes > 0 && snapshots > 0 && compactions > 0, "the simulation exercised too little");
    }

    private static void liveOneRound(NodeDirectory node, Random random, Durable durable) throws IOException {
        SnapshotStore store = TestStates.store(node.snapshotStorage(), 1024,
            ChunkThreading.values()[random.nextInt(ChunkThreading.values().length)]);
        try (WriteAheadLog log = node.openLog(CrashAtEveryStepTest.config())) {
            int entries = random.nextInt(80);
            for (int i = 0; i < entries; i++) {
                long index = log.lastIndex() + 1;
                log.append(CrashAtEveryStepTest.termOf(index), 0, CrashAtEveryStepTest.payload(index));
                durable.appended = index;
            }
            long floor = Math.max(Math.max(1, log.firstIndex() - 1), durable.snapshot);
            if (log.lastIndex() < floor || random.nextInt(4) == 0) {
                return;
            }
            long snapshotIndex = floor + random.nextInt((int)(log.lastIndex() - floor + 1));
            SnapshotInfo info = TestStates.writeSnapshot(store, snapshotIndex, log.termAt(snapshotIndex),
                stateFor(snapshotIndex));
            durable.snapshot = Math.max(durable.snapshot, snapshotIndex);
            durable.snapshotsTaken++;
            store.retain(1 + random.nextInt(3));
            if (Compactor.compactAfter(info, new WalCompactableLog(log), random.nextInt(40), false).deletedAnything()) {
                durable.compactionsThatDeleted++;
            }
        }
    }

    private static void check(NodeDirectory node, Durable durable, String context) throws IOException {
        NodeRecoveryCheck check = NodeRecoveryCheck.run(node, CrashAtEveryStepTest.config());
        assertEquals(NodeRecoveryCheck.Action.REPLAY_LOG, check.action(), context + ": " + check.describe());
        assertTrue(check.logLastIndex() >= durable.appended, "durable entries lost: " + context + ": " +
            check.describe());
        assertTrue(check.snapshotIndex() >= durable.snapshot, "a durable snapshot was lost: " + context + ": " +
            check.describe());
        SnapshotStore store = TestStates.store(node.snapshotStorage(), 1024);
        for (SnapshotListing listing : store.list()) {
            assertTrue(listing.valid(), context + ": " + listing);
            assertArrayEquals(stateFor(listing.name().index()), TestStates.readAll(store, listing.fileName()),
                context + ": " + listing.fileName());
        }
        try (WriteAheadLog log = node.openLog(CrashAtEveryStepTest.config())) {
            Entry entry = new Entry();
            for (long index = log.firstIndex(); index <= log.lastIndex(); index++) {
                assertTrue(log.read(index, entry), "entry " + index + " unreadable: " + context);
                assertEquals(CrashAtEveryStepTest.termOf(index), entry.term(), context);
            }
        }
    }

    private static byte[] stateFor(long index) {
        return TestStates.stateForIndex(index, (int)(index * 37 % 8000));
    }
}

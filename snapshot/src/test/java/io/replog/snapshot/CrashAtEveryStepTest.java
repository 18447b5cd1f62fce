package io.replog.snapshot;

import io.replog.snapshot.compaction.Compactor;
import io.replog.snapshot.compaction.WalCompactableLog;
import io.replog.wal.Entry;
import io.replog.wal.LogFailedException;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.sim.SimulatedDisk;
import org.agrona.DirectBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A node takes a snapshot, applies retention and compacts its log; the process dies after each
 * storage call in turn, then the disk loses what was not durable (in each crash mode). Every time,
 * the directory must open with the old snapshot and the whole log, or the new snapshot and a log
 * starting at or below its index + 1, and never a gap.
 */
class CrashAtEveryStepTest {
    private static final long SEED = 0x5EED_0005L;
    private static final String NODE = "/node";
    private static final long LAST_INDEX = 300;
    private static final long OLD_SNAPSHOT_INDEX = 100;
    private static final long NEW_SNAPSHOT_INDEX = 250;
    private static final long RETAIN_ENTRIES = 20;
    private static final int STATE_BYTES = 20_000;
    private static final int CHUNK_LENGTH_BYTES = 2048;

    /** What the scenario reported durable before it died. */
    private static final class Progress {
        long committedSnapshotIndex;
        long compactedFirstIndex;
    }

    @ParameterizedTest
    @EnumSource(ChunkThreading.class)
    void aCrashAfterAnyStorageCallOfSnapshotRetentionOrCompactionLeavesNoGap(ChunkThreading threading)
        throws IOException {
        long steps = 0;
        for (long crashAfter = 1; ; crashAfter++) {
            boolean completed = true;
            for (SimulatedDisk.CrashMode mode : SimulatedDisk.CrashMode.values()) {
                long seed = SEED + crashAfter * 31 + mode.ordinal();
                completed &= runOnce(crashAfter, mode, seed, threading);
            }
            if (completed) {
                steps = crashAfter - 1;
                break;
            }
        }
        // Opening the log, about ten chunk writes, force, rename, sync, retention and compaction deletes.
        System.out.println("enumerated " + steps + " crash points x " + SimulatedDisk.CrashMode.values().length + " crash modes");
        assertTrue(steps > 20, "only " + steps + " steps were enumerated; the scenario did not run");
    }

    /** @return true when the scenario finished before the crash point. */
    private static boolean runOnce(long crashAfter, SimulatedDisk.CrashMode mode, long seed, ChunkThreading threading)
        throws IOException {
        SimulatedDisk disk = TestStates.disk(seed);
        NodeDirectory raw = NodeDirectory.simulated(disk, NODE);
        setUp(raw);

        CrashingStorage.Countdown countdown = new CrashingStorage.Countdown(crashAfter);
        NodeDirectory crashing = new NodeDirectory("crashing", new CrashingStorage(raw.logStorage(), countdown),
            new CrashingStorage(raw.snapshotStorage(), countdown));
        Progress progress = new Progress();
        try {
            snapshotAndCompact(crashing, progress, threading);
        } catch (CrashingStorage.Crash crash) {
            assertTrue(countdown.dead(), "a crash that was not injected: " + crash);
        } catch (LogFailedException failed) {
            // The log turns a failed storage call into fail-stop; underneath it must be the injected crash.
            assertTrue(failed.getCause() instanceof CrashingStorage.Crash && countdown.dead(),
                "the log failed without an injected crash: " + failed);
        }
        String context = "crash after step " + crashAfter + " (" + countdown.lastStep() + "), mode " + mode +
            ", " + threading + ", seed " + seed;
        disk.crash(mode);
        checkRecovered(raw, progress, context);
        return !countdown.dead();
    }

    private static void setUp(NodeDirectory node) throws IOException {
        SnapshotStore store = store(node);
        try (WriteAheadLog log = node.openLog(config())) {
            for (long index = 1; index <= LAST_INDEX; index++) {
                log.append(termOf(index), 0, payload(index));
            }
            SnapshotInfo old = TestStates.writeSnapshot(store, OLD_SNAPSHOT_INDEX, termOf(OLD_SNAPSHOT_INDEX),
                TestStates.stateForIndex(OLD_SNAPSHOT_INDEX, STATE_BYTES));
            Compactor.compactAfter(old, new WalCompactableLog(log), RETAIN_ENTRIES, false);
        }
    }

    /** The steps under test: open the log, write a snapshot, apply retention, compact. */
    private static void snapshotAndCompact(NodeDirectory node, Progress progress, ChunkThreading threading)
        throws IOException {
        SnapshotStore store = TestStates.store(node.snapshotStorage(), CHUNK_LENGTH_BYTES, threading);
        try (WriteAheadLog log = node.openLog(config())) {
            SnapshotInfo info = TestStates.writeSnapshot(store, NEW_SNAPSHOT_INDEX, termOf(NEW_SNAPSHOT_INDEX),
                TestStates.stateForIndex(NEW_SNAPSHOT_INDEX, STATE_BYTES));
            progress.committedSnapshotIndex = info.lastIncludedIndex();
            store.retain(1);
            progress.compactedFirstIndex =
                Compactor.compactAfter(info, new WalCompactableLog(log), RETAIN_ENTRIES, false).firstIndexAfter();
        }
    }

    private static void checkRecovered(NodeDirectory node, Progress progress, String context) throws IOException {
        NodeRecoveryCheck check = NodeRecoveryCheck.run(node, config());
        assertEquals(NodeRecoveryCheck.Action.REPLAY_LOG, check.action(), context + ": " + check.describe());
        assertFalse(check.hasGap(), context);
        long snapshotIndex = check.snapshotIndex();
        assertTrue(snapshotIndex == OLD_SNAPSHOT_INDEX || snapshotIndex == NEW_SNAPSHOT_INDEX,
            context + ": " + check.describe());
        assertTrue(snapshotIndex >= progress.committedSnapshotIndex, "a committed snapshot was lost: " + context);
        assertEquals(LAST_INDEX, check.logLastIndex(), "log entries were lost: " + context);
        if (progress.compactedFirstIndex > 0) {
            assertEquals(progress.compactedFirstIndex, check.logFirstIndex(), "compaction was undone: " + context);
        }

        SnapshotStore store = store(node);
        VerifyResult verified = store.verify(check.newestSnapshot().orElseThrow().fileName());
        assertTrue(verified.valid(), context + ": " + verified.damageIfAny().map(Throwable::getMessage).orElse(""));
        assertArrayEquals(TestStates.stateForIndex(snapshotIndex, STATE_BYTES),
            TestStates.readAll(store, verified.fileName()), context);
        for (SnapshotListing listing : store.list()) {
            assertTrue(listing.valid(), "a crash produced a damaged final file: " + context + ": " + listing);
        }
        store.retain(2);
        assertEquals(java.util.List.of(), store.temporaryFiles(), context);
        checkLogEntries(node, check.logFirstIndex(), context);
    }

    private static void checkLogEntries(NodeDirectory node, long firstIndex, String context) throws IOException {
        try (WriteAheadLog log = node.openLog(config())) {
            Entry entry = new Entry();
            for (long index = firstIndex; index <= LAST_INDEX; index++) {
                assertTrue(log.read(index, entry), "entry " + index + " unreadable: " + context);
                DirectBuffer buffer = entry.buffer();
                byte[] payload = new byte[entry.payloadLength()];
                buffer.getBytes(entry.payloadOffset(), payload);
                assertArrayEquals(payload(index), payload, "entry " + index + ": " + context);
            }
        }
    }

    private static SnapshotStore store(NodeDirectory node) {
        return TestStates.store(node.snapshotStorage(), CHUNK_LENGTH_BYTES);
    }

    static WalConfig config() {
        return new WalConfig().segmentLengthBytes(8192).syncPolicy(SyncPolicy.ALWAYS).preallocateAhead(false);
    }

    static long termOf(long index) {
        return 1 + index / 120;
    }

    static byte[] payload(long index) {
        byte[] payload = new byte[100];
        Arrays.fill(payload, (byte)index);
        payload[0] = (byte)(index >>> 8);
        return payload;
    }
}

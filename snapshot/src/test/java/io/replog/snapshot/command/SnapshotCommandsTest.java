package io.replog.snapshot.command;

import io.replog.snapshot.ClusterConfiguration;
import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.NodeRecoveryCheck;
import io.replog.snapshot.SnapshotDamagedException;
import io.replog.snapshot.SnapshotFileName;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.SnapshotWriter;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotCommandsTest {
    private static final long SEED = 0x5EED_0009L;
    private static final long LAST_INDEX = 500;
    private static final ClusterConfiguration CONFIGURATION = new ClusterConfiguration(
        List.of(new ClusterConfiguration.Member(1, "a:1"), new ClusterConfiguration.Member(2, "b:1")), List.of());

    @TempDir
    Path node;
    private SnapshotInfo older;
    private SnapshotInfo newer;

    @BeforeEach
    void nodeWithALogAndTwoSnapshots() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(node.resolve(NodeDirectory.LOG_DIRECTORY), walConfig())) {
            for (long index = 1; index <= LAST_INDEX; index++) {
                log.append(1, 0, new byte[100]);
            }
        }
        SnapshotStore store = SnapshotStore.open(node.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY));
        older = snapshot(store, 200);
        newer = snapshot(store, 400);
        Files.write(node.resolve("snapshots").resolve(new SnapshotFileName(1, 450).temporaryName()), new byte[10]);
    }

    @Test
    void listShowsEverySnapshotWithItsAgeAndTheLeftoverTemporaryFile() throws IOException {
        long now = newer.header().createdEpochMillis() + 5000;
        SnapshotCommands.ListResult result = SnapshotCommands.list(node, now);
        assertEquals(List.of(200L, 400L), result.snapshots().stream().map(SnapshotCommands.ListedSnapshot::index).toList());
        assertEquals(5000, result.snapshots().get(1).ageMillis());
        assertEquals(List.of(new SnapshotFileName(1, 450).temporaryName()), result.temporaryFiles());
        assertEquals(SnapshotCommands.OK, result.exitCode());

        flipByte(newer, 20);
        SnapshotCommands.ListResult damaged = SnapshotCommands.list(node, now);
        assertFalse(damaged.snapshots().get(1).valid());
        assertTrue(damaged.snapshots().get(1).problem().contains(newer.fileName()), damaged.snapshots().get(1).problem());
        assertEquals(SnapshotCommands.FOUND_DAMAGE, damaged.exitCode());
    }

    @Test
    void inspectShowsHeaderConfigurationAndCompression() throws IOException {
        SnapshotCommands.InspectResult result = SnapshotCommands.inspect(snapshotPath(newer));
        assertEquals(SnapshotCommands.OK, result.exitCode());
        SnapshotInfo info = result.infoIfValid().orElseThrow();
        assertEquals(400, info.lastIncludedIndex());
        assertEquals(CONFIGURATION, result.configuration().orElseThrow());
        assertEquals(newer.trailer(), info.trailer());
        assertTrue(info.compressionRatio() > 1);

        flipByte(newer, newer.fileLengthBytes() - 3);
        SnapshotCommands.InspectResult damaged = SnapshotCommands.inspect(snapshotPath(newer));
        assertEquals(SnapshotCommands.FOUND_DAMAGE, damaged.exitCode());
        assertTrue(damaged.problem().contains("trailer"), damaged.problem());
        assertThrows(NoSuchFileException.class, () -> SnapshotCommands.inspect(node.resolve("nothing.snap")));
    }

    @Test
    void verifyReadsEveryChunkAndNamesTheDamagedFileAndChunk() throws IOException {
        SnapshotCommands.VerifyReport clean = SnapshotCommands.verify(node);
        assertEquals(2, clean.results().size());
        assertEquals(SnapshotCommands.OK, clean.exitCode());
        assertEquals(1, clean.ignoredTemporaryFiles().size());

        long insideTheLastChunk = newer.fileLengthBytes() - 2000;
        flipByte(newer, insideTheLastChunk);
        SnapshotCommands.VerifyReport damaged = SnapshotCommands.verify(node);
        assertEquals(SnapshotCommands.FOUND_DAMAGE, damaged.exitCode());
        SnapshotDamagedException damage = damaged.damage().get(0);
        assertEquals(newer.fileName(), damage.fileName());
        assertEquals(SnapshotDamagedException.Region.CHUNK, damage.region());
        assertEquals(SnapshotCommands.FOUND_DAMAGE, SnapshotCommands.verify(snapshotPath(newer)).exitCode());
        assertEquals(SnapshotCommands.OK, SnapshotCommands.verify(snapshotPath(older)).exitCode());
    }

    @Test
    void compactDryRunDeletesNothingAndTheRealRunDeletesWhatItPlanned() throws IOException {
        List<String> segmentsBefore = logFiles();
        SnapshotCommands.CompactReport dryRun = SnapshotCommands.compact(node, 10, true);
        assertEquals(logFiles(), segmentsBefore);
        assertEquals(newer.fileName(), dryRun.snapshotUsed().orElseThrow());
        assertTrue(dryRun.compaction().orElseThrow().plan().deletesAnything(), "the fixture spans many segments");

        SnapshotCommands.CompactReport real = SnapshotCommands.compact(node, 10, false);
        List<String> deleted = real.compaction().orElseThrow().plan().segmentsToDelete().stream()
            .map(s -> s.name()).toList();
        assertEquals(dryRun.compaction().orElseThrow().plan(), real.compaction().orElseThrow().plan());
        assertTrue(logFiles().stream().noneMatch(deleted::contains));
        NodeRecoveryCheck check = NodeRecoveryCheck.run(NodeDirectory.of(node), walConfig());
        assertEquals(NodeRecoveryCheck.Action.REPLAY_LOG, check.action(), check.describe());
        assertTrue(check.logFirstIndex() <= 400 - 10 + 1 && check.logFirstIndex() > 1, check.describe());
        assertEquals(SnapshotCommands.OK, real.exitCode());
    }

    @Test
    void compactFallsBackToAnOlderSnapshotWhenTheNewestIsDamagedAndSaysSo() throws IOException {
        flipByte(newer, newer.fileLengthBytes() - 2000);
        SnapshotCommands.CompactReport report = SnapshotCommands.compact(node, 0, false);
        assertEquals(older.fileName(), report.snapshotUsed().orElseThrow());
        assertEquals(List.of(newer.fileName()), report.damagedSkipped());
        assertEquals(SnapshotCommands.FOUND_DAMAGE, report.exitCode());
        assertTrue(report.compaction().orElseThrow().firstIndexAfter() <= 201);
        assertTrue(Files.exists(snapshotPath(newer)), "damaged snapshots are evidence, never deleted");
    }

    @Test
    void compactRefusesALogThatARunningNodeHoldsOpen() throws IOException {
        try (WriteAheadLog running = WriteAheadLog.open(node.resolve(NodeDirectory.LOG_DIRECTORY), walConfig())) {
            IOException refusal = assertThrows(IOException.class, () -> SnapshotCommands.compact(node, 0, false));
            assertTrue(refusal.getMessage().contains("already open"), refusal.getMessage());
            assertEquals(LAST_INDEX, running.lastIndex());
        }
    }

    private SnapshotInfo snapshot(SnapshotStore store, long index) throws IOException {
        byte[] state = new byte[3 << 20];
        Random random = new Random(SEED + index);
        for (int i = 0; i < state.length; i += 64) {
            state[i + random.nextInt(64)] = (byte)random.nextInt();
        }
        try (SnapshotWriter writer = store.begin(index, 1, CONFIGURATION, "app v1".getBytes())) {
            writer.write(state);
            return writer.commit();
        }
    }

    private Path snapshotPath(SnapshotInfo info) {
        return node.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY).resolve(info.fileName());
    }

    private void flipByte(SnapshotInfo info, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(snapshotPath(info).toFile(), "rw")) {
            file.seek(offset);
            int value = file.read();
            file.seek(offset);
            file.write(value ^ 0x10);
        }
    }

    private List<String> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(node.resolve(NodeDirectory.LOG_DIRECTORY))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wal")).sorted().toList();
        }
    }

    private static WalConfig walConfig() {
        return new WalConfig().segmentLengthBytes(16 * 1024).syncPolicy(SyncPolicy.NONE).preallocateAhead(false);
    }
}

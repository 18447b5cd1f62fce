package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.replog.examples.kv.KvCommand;
import io.replog.examples.kv.KvStateMachine;
import io.replog.replication.node.RaftStateFile;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.SnapshotReader;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotCommandTest {
    private static final String KV = KvStateMachine.class.getName();

    @TempDir
    Path node;



    /** A stopped node's directory: KV commands in the log (with Raft no-ops), committed up to {@code commit}. */
    private void writeNode(int entries, long commit) throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(node.resolve("log"),
            new WalConfig().segmentLengthBytes(16 * 1024).syncPolicy(SyncPolicy.NONE))) {
            for (int i = 1; i <= entries; i++) {
                byte[] payload = i % 50 == 1 ? new byte[0] : KvCommand.append("k" + (i % 7), "." + i).encode();
                log.append(1 + i / 100, 1, payload);
            }
        }
        RaftStateFile.write(new FileStorage(node), new RaftStateFile.State(9, 1, commit));
    }

    private static KvStateMachine expectedState(int upTo) {
        KvStateMachine expected = new KvStateMachine();
        for (int i = 1; i <= upTo; i++) {
            if (i % 50 != 1) {
                byte[] command = KvCommand.append("k" + (i % 7), "." + i).encode();
                expected.apply(i, new org.agrona.concurrent.UnsafeBuffer(command), 0, command.length);
            }
        }
        return expected;
    }

    private KvStateMachine restore(String fileName) throws IOException {
        KvStateMachine restored = new KvStateMachine();
        try (SnapshotReader reader = SnapshotStore.open(node.resolve("snapshots")).open(fileName)) {
            restored.restore(reader);
            reader.finish();
        }
        return restored;
    }

    @Test
    void createReplaysTheCommittedLogThenCompactDeletesWhatItCovers() throws IOException {
        writeNode(1000, 900);
        CliRun create = CliRun.of("snapshot", "create", node.toString(), "--state-machine", KV, "--json");
        assertEquals(0, create.exitCode(), create.err());
        JsonNode created = create.json();
        assertEquals(900, created.get("lastIncludedIndex").asLong());
        assertEquals(10, created.get("lastIncludedTerm").asLong());
        String file = created.get("file").asText();

        KvStateMachine restored = restore(file);
        KvStateMachine expected = expectedState(900);
        for (int k = 0; k < 7; k++) {
            assertEquals(expected.get("k" + k), restored.get("k" + k), "key k" + k);
        }

        CliRun list = CliRun.of("snapshot", "list", node.toString(), "--json");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals(900, list.json().get("snapshots").get(0).get("index").asLong());
        assertTrue(list.json().get("snapshots").get(0).get("valid").asBoolean());

        CliRun inspect = CliRun.of("snapshot", "inspect", node.resolve("snapshots").resolve(file).toString(), "--json");
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertEquals(900, inspect.json().get("lastIncludedIndex").asLong());
        assertTrue(inspect.json().get("chunkCount").asLong() >= 1);

        CliRun dryRun = CliRun.of("snapshot", "compact", node.toString(), "--retain", "100", "--dry-run", "--json");
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        long wouldStart = dryRun.json().get("firstIndexAfter").asLong();
        assertTrue(wouldStart > 1 && wouldStart <= 801, dryRun.out());
        assertEquals(1, inspectFirstIndex(), "a dry run deletes nothing");

        CliRun compact = CliRun.of("snapshot", "compact", node.toString(), "--retain", "100", "--json");
        assertEquals(0, compact.exitCode(), compact.err());
        assertEquals(wouldStart, compact.json().get("firstIndexAfter").asLong());
        assertEquals(wouldStart, inspectFirstIndex(), "log-inspect shows the new first index");
        for (JsonNode segment : compact.json().get("segmentsDeleted")) {
            assertTrue(segment.get("lastIndex").asLong() <= 800, "deleted a segment above snapshot - retain: " + segment);
        }

        // A second snapshot is built from the first plus the log after it, even though the log is compacted.
        RaftStateFile.write(new FileStorage(node), new RaftStateFile.State(9, 1, 1000));
        CliRun second = CliRun.of("snapshot", "create", node.toString(), "--state-machine", KV, "--json");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(901, second.json().get("replayedFrom").asLong());
        KvStateMachine full = restore(second.json().get("file").asText());
        KvStateMachine expectedFull = expectedState(1000);
        for (int k = 0; k < 7; k++) {
            assertEquals(expectedFull.get("k" + k), full.get("k" + k), "key k" + k);
        }
    }

    private long inspectFirstIndex() throws IOException {
        CliRun inspect = CliRun.of("log-inspect", node.toString(), "--json");
        assertEquals(0, inspect.exitCode(), inspect.err());
        return inspect.json().get("firstIndex").asLong();
    }

    @Test
    void verifyNamesTheDamagedFileAndChunk() throws IOException {
        writeNode(300, 300);
        CliRun create = CliRun.of("snapshot", "create", node.toString(), "--state-machine", KV, "--json");
        assertEquals(0, create.exitCode(), create.err());
        Path file = node.resolve("snapshots").resolve(create.json().get("file").asText());
        assertEquals(0, CliRun.of("snapshot", "verify", node.toString()).exitCode());

        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long offset = size / 2;
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x01);
        }
        CliRun verify = CliRun.of("snapshot", "verify", file.toString(), "--json");
        assertEquals(1, verify.exitCode(), verify.out());
        JsonNode result = verify.json().get("snapshots").get(0);
        assertEquals(false, result.get("valid").asBoolean());
        assertTrue(result.get("problem").asText().contains(file.getFileName().toString()), verify.out());

        CliRun compact = CliRun.of("snapshot", "compact", node.toString(), "--json");
        assertEquals(1, compact.exitCode(), "a skipped damaged snapshot is reported: " + compact.err());
        assertTrue(compact.json().get("snapshot").isNull(), "a damaged snapshot must never drive compaction");
        assertEquals(file.getFileName().toString(), compact.json().get("damagedSnapshotsSkipped").get(0).asText());
    }

    @Test
    void usageErrorsSayWhatIsMissing() throws IOException {
        CliRun notANode = CliRun.of("snapshot", "create", node.toString(), "--state-machine", KV);
        assertEquals(2, notANode.exitCode());
        assertTrue(notANode.err().contains("no log/"), notANode.err());

        writeNode(10, 10);
        Files.delete(node.resolve(RaftStateFile.NAME));
        CliRun noCommit = CliRun.of("snapshot", "create", node.toString(), "--state-machine", KV);
        assertEquals(2, noCommit.exitCode());
        assertTrue(noCommit.err().contains("pass --to INDEX"), noCommit.err());

        CliRun badClass = CliRun.of("snapshot", "create", node.toString(), "--state-machine", "no.such.Machine", "--to", "5");
        assertEquals(2, badClass.exitCode());
        assertTrue(badClass.err().contains("cannot load state machine class no.such.Machine"), badClass.err());

        CliRun pastEnd = CliRun.of("snapshot", "create", node.toString(), "--state-machine", KV, "--to", "11");
        assertEquals(2, pastEnd.exitCode());
        assertTrue(pastEnd.err().contains("past the log's last index 10"), pastEnd.err());

        CliRun missing = CliRun.of("snapshot", "list", node.resolve("nope").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}

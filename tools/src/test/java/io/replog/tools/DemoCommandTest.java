package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's main job, small: three nodes, the leader killed halfway, every node's state checked. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSmallDemoLosesNothingAcknowledgedAndLeavesInspectableNodeDirectories() throws IOException {
        CliRun demo = CliRun.of("demo", "--dir", dir.toString(), "--ops", "600", "--clients", "8", "--json");
        assertEquals(0, demo.exitCode(), demo.err() + demo.out());
        JsonNode summary = demo.json();
        assertEquals(600, summary.get("acknowledged").asLong());
        assertEquals(0, summary.get("lostAcknowledged").asLong());
        assertEquals(0, summary.get("appliedTwice").asLong());
        assertTrue(summary.get("statesIdentical").asBoolean());
        assertTrue(summary.get("linearizable").asBoolean(), summary.toString());
        Path history = Path.of(summary.get("history").asText());
        assertEquals(dir.resolve("history.jsonl").toAbsolutePath(), history);
        assertEquals(0, CliRun.of("check", "linearizable", "--model", "kv", history.toString()).exitCode(),
            "the written history re-checks with replog check");
        assertNotEquals(summary.get("killedLeader").asInt(), summary.get("newLeader").asInt());
        assertTrue(summary.get("leaderChanges").asLong() >= 2, summary.toString());
        for (int id = 1; id <= 3; id++) {
            Path node = dir.resolve("node-" + id);
            assertTrue(Files.isDirectory(node.resolve("log")), node + " has a log");
            CliRun inspect = CliRun.of("log-inspect", node.toString(), "--verify", "--json");
            assertEquals(0, inspect.exitCode(), inspect.err());
            assertTrue(inspect.json().get("lastIndex").asLong() >= 600, inspect.out());
            assertEquals(0, CliRun.of("snapshot", "verify", node.toString()).exitCode(), "snapshots of " + node);
        }
    }

    @Test
    void aSmallPrimaryBackupDemoKeepsPrimaryOrderAndWritesTheDeliveries() throws IOException {
        CliRun demo = CliRun.of("demo", "--mode", "primary-backup", "--dir", dir.toString(), "--ops", "600",
            "--clients", "8", "--json");
        assertEquals(0, demo.exitCode(), demo.err() + demo.out());
        JsonNode summary = demo.json();
        assertEquals("primary-backup", summary.get("mode").asText());
        assertEquals(600, summary.get("acknowledged").asLong());
        assertEquals(0, summary.get("lostAcknowledged").asLong());
        assertEquals(0, summary.get("primaryOrderViolations").asLong());
        assertEquals(0, summary.get("counterValueGaps").asLong());
        assertTrue(summary.get("statesIdentical").asBoolean());
        assertNotEquals(summary.get("killedLeader").asInt(), summary.get("newLeader").asInt());
        CliRun check = CliRun.of("check", "primary-order", "--json", summary.get("deliveries").asText());
        assertEquals(0, check.exitCode(), check.out() + check.err());
        for (int id = 1; id <= 3; id++) {
            CliRun inspect = CliRun.of("log-inspect", dir.resolve("node-" + id).toString(), "--verify");
            assertEquals(0, inspect.exitCode(), inspect.err());
        }
    }

    @Test
    void anUnknownModeIsAUsageError() {
        CliRun demo = CliRun.of("demo", "--dir", dir.toString(), "--mode", "paxos");
        assertEquals(2, demo.exitCode());
        assertTrue(demo.err().contains("--mode must be smr or primary-backup"), demo.err());
    }

    @Test
    void aBadSyncPolicyIsAUsageError() {
        CliRun demo = CliRun.of("demo", "--dir", dir.toString(), "--sync", "sometimes");
        assertEquals(2, demo.exitCode());
        assertTrue(demo.err().contains("--sync must be none, batch or always"), demo.err());
    }
}

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
    void aBadSyncPolicyIsAUsageError() {
        CliRun demo = CliRun.of("demo", "--dir", dir.toString(), "--sync", "sometimes");
        assertEquals(2, demo.exitCode());
        assertTrue(demo.err().contains("--sync must be none, batch or always"), demo.err());
    }
}

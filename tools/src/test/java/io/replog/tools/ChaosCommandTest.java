package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few seconds of the nemesis in each mode; the long runs are `replog chaos --seconds ...`. */
class ChaosCommandTest {
    @TempDir
    Path dir;

    @Test
    void smrUnderCrashesStaysLinearizable() throws Exception {
        CliRun chaos = CliRun.of("chaos", "--dir", dir.toString(), "--seconds", "4", "--seed", "7", "--clients", "8", "--json");
        assertEquals(0, chaos.exitCode(), chaos.err() + chaos.out());
        JsonNode summary = chaos.json();
        assertTrue(summary.get("faults").size() > 0, summary.toString());
        assertTrue(summary.get("acknowledged").asLong() > 0, summary.toString());
        assertEquals(0, summary.get("lostAcknowledged").asLong());
        assertTrue(summary.get("linearizable").asBoolean(), summary.toString());
        assertTrue(Files.exists(dir.resolve("history.jsonl")));
    }

    @Test
    void primaryBackupOnFiveNodesUnderCrashesKeepsPrimaryOrder() throws Exception {
        CliRun chaos = CliRun.of("chaos", "--mode", "primary-backup", "--nodes", "5", "--dir", dir.toString(),
            "--seconds", "4", "--seed", "11", "--clients", "8", "--json");
        assertEquals(0, chaos.exitCode(), chaos.err() + chaos.out());
        JsonNode summary = chaos.json();
        assertEquals(5, summary.get("nodes").asInt());
        assertEquals(0, summary.get("lostAcknowledged").asLong());
        assertEquals(0, summary.get("primaryOrderViolations").asLong());
        assertTrue(summary.get("statesIdentical").asBoolean());
        assertTrue(Files.exists(dir.resolve("deliveries.jsonl")));
    }

    @Test
    void aDirThatIsAFileIsNamedInTheError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        CliRun chaos = CliRun.of("chaos", "--dir", file.toString(), "--seconds", "1");
        assertEquals(2, chaos.exitCode());
        assertTrue(chaos.err().contains(file + " is a file, not a directory"), chaos.err());
    }

    @Test
    void fourNodesIsAUsageError() {
        CliRun chaos = CliRun.of("chaos", "--dir", dir.toString(), "--nodes", "4");
        assertEquals(2, chaos.exitCode());
        assertTrue(chaos.err().contains("--nodes must be 3 or 5"), chaos.err());
    }
}

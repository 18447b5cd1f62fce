package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {


    @Test
    void jsonReportHasTheDocumentedShapeAndTheSameSeedGivesTheSameTrace() throws IOException {
        CliRun first = CliRun.of("simulate", "--seeds", "2", "--first-seed", "5", "--steps", "3000", "--json");
        assertEquals(0, first.exitCode(), first.err());
        JsonNode document = first.json();
        assertEquals(0, document.get("violations").asLong());
        assertEquals(2, document.get("runs").size());
        JsonNode run = document.get("runs").get(0);
        assertEquals(5, run.get("seed").asLong());
        for (String field : new String[] {"steps", "proposals", "commits", "leaderChanges", "faults", "traceHash"}) {
            assertTrue(run.has(field), "missing " + field + " in " + run);
        }
        assertTrue(run.get("violations").isArray() && run.get("violations").isEmpty());
        assertTrue(run.get("commits").asLong() > 0, "a healthy run commits something: " + run);

        CliRun again = CliRun.of("simulate", "--seed", "5", "--steps", "3000", "--json");
        JsonNode replay = again.json().get("runs").get(0);
        assertEquals(run.get("traceHash").asText(), replay.get("traceHash").asText(), "determinism");
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        CliRun both = CliRun.of("simulate", "--seed", "1", "--seeds", "3");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("not both"), both.err());
        CliRun four = CliRun.of("simulate", "--nodes", "4");
        assertEquals(2, four.exitCode());
        assertTrue(four.err().contains("3 or 5"), four.err());
    }
}

package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulateCommandTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine commandLine = Replog.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void jsonReportHasTheDocumentedShapeAndTheSameSeedGivesTheSameTrace() throws IOException {
        Run first = run("simulate", "--seeds", "2", "--first-seed", "5", "--steps", "3000", "--json");
        assertEquals(0, first.exitCode(), first.err());
        JsonNode document = new ObjectMapper().readTree(first.out());
        assertEquals(0, document.get("violations").asLong());
        assertEquals(2, document.get("runs").size());
        JsonNode run = document.get("runs").get(0);
        assertEquals(5, run.get("seed").asLong());
        for (String field : new String[] {"steps", "proposals", "commits", "leaderChanges", "faults", "traceHash"}) {
            assertTrue(run.has(field), "missing " + field + " in " + run);
        }
        assertTrue(run.get("violations").isArray() && run.get("violations").isEmpty());
        assertTrue(run.get("commits").asLong() > 0, "a healthy run commits something: " + run);

        Run again = run("simulate", "--seed", "5", "--steps", "3000", "--json");
        JsonNode replay = new ObjectMapper().readTree(again.out()).get("runs").get(0);
        assertEquals(run.get("traceHash").asText(), replay.get("traceHash").asText(), "determinism");
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        Run both = run("simulate", "--seed", "1", "--seeds", "3");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("not both"), both.err());
        Run four = run("simulate", "--nodes", "4");
        assertEquals(2, four.exitCode());
        assertTrue(four.err().contains("3 or 5"), four.err());
    }
}

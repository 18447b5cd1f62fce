package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One {@code replog} command run in-process: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(String... args) {
        CommandLine commandLine = Replog.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Asserts exit 2 (usage or environment error) with {@code expected} in the message on stderr. */
    static void assertUsage(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.err() + run.out());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
    }

    /** Standard output parsed as the one JSON document {@code --json} prints. */
    JsonNode json() throws IOException {
        return JSON.readTree(out);
    }
}

package io.replog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotBenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportsEveryFigureAndCleansUp() throws Exception {
        CommandLine commandLine = BenchMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute("snapshot", "--dir", dir.toString(), "--state-mb", "8", "--iterations", "1",
            "--json");
        assertEquals(0, exitCode, err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString());
        for (String figure : new String[] {"lz4CompressMBps", "fileWriteMBps", "snapshotWriteMBps", "lz4DecompressMBps",
            "fileReadMBps", "snapshotReadMBps"}) {
            assertTrue(result.get(figure).asDouble() > 0, figure + " in " + out);
        }
        assertEquals(8L << 20, result.get("stateBytes").asLong());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the benchmark deletes what it wrote");
        }
    }

    @Test
    void aDirectoryThatIsNotWritableIsAUsageError() {
        CommandLine commandLine = BenchMain.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        assertEquals(2, commandLine.execute("snapshot", "--dir", dir.resolve("missing").toString()));
        assertTrue(err.toString().contains("not a writable directory"), err.toString());
    }
}

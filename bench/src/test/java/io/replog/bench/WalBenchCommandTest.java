package io.replog.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replog.wal.Entry;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves `bench wal` runs end to end and prints the documented JSON; no timing is asserted. */
class WalBenchCommandTest {
    private static final String[] FIGURES = {"entriesPerSecond", "mbPerSecond", "p50Us", "p99Us", "p999Us"};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        CommandLine commandLine = BenchMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private List<String> tinyRun(String sync, String... more) {
        return run(2000, sync, more);
    }

    private List<String> run(int entries, String sync, String... more) {
        List<String> args = new ArrayList<>(List.of("wal", "--dir", dir.toString(), "--entries", "" + entries, "--size",
            "256", "--sync", sync, "--warmup", "" + entries / 4, "--disk-mb", "2", "--json"));
        args.addAll(Arrays.asList(more));
        return args;
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    private static void assertFigures(JsonNode node) {
        for (String field : FIGURES) {
            assertTrue(node.path(field).isNumber(), field + " missing in " + node);
            assertTrue(node.path(field).asDouble() > 0, field + " is not positive in " + node);
        }
    }

    @Test
    void batchRunPrintsOneJsonDocumentWithPositiveFigures() throws Exception {
        assertEquals(0, bench(tinyRun("batch").toArray(String[]::new)), err.toString());

        JsonNode report = json();
        assertFigures(report);
        assertEquals("batch", report.path("sync").asText());
        assertEquals(2000, report.path("entries").asInt());
        assertEquals(256, report.path("sizeBytes").asInt());
        assertTrue(report.path("diskWriteForceMbPerSecond").asDouble() > 0, report.toString());
        assertTrue(report.path("diskMmapForceMbPerSecond").asDouble() > 0, report.toString());
        assertFalse(report.has("peer"), report.toString());
        assertFalse(report.has("dir"), "nothing kept, so no dir: " + report);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the benchmark directory is deleted without --keep");
        }
    }

    @Test
    void compareWithChronicleReportsPeerAndRatio() throws Exception {
        for (String sync : List.of("none", "batch")) {
            out.getBuffer().setLength(0);
            assertEquals(0, bench(tinyRun(sync, "--compare", "chronicle").toArray(String[]::new)), err.toString());

            JsonNode report = json();
            assertFigures(report);
            assertFigures(report.path("peer"));
            assertEquals("chronicle", report.path("peer").path("system").asText());
            assertTrue(report.path("ratio").asDouble() > 0, report.toString());
        }
    }

    @Test
    void keepLeavesOnlyTheMedianRunsLogReadableWithAllEntries() throws Exception {
        assertEquals(0, bench(run(300, "always", "--keep", "--runs", "3").toArray(String[]::new)),
            err.toString());

        Path kept = Path.of(json().path("dir").asText());
        try (var left = Files.list(kept.getParent())) {
            assertEquals(List.of(kept), left.toList(), "only the median run's log is kept");
        }
        try (WriteAheadLog log = WriteAheadLog.open(kept, new WalConfig().syncPolicy(SyncPolicy.NONE)
            .createIfMissing(false))) {
            assertEquals(300, log.lastIndex());
            Entry entry = new Entry();
            assertTrue(log.read(300, entry));
            assertArrayEquals(new WorkloadSpec(1, 256, SyncPolicy.NONE, 1 << 20, 1).payload(), entry.payloadBytes());
        }
    }

    @Test
    void badSyncIsAUsageErrorNamingTheOption() {
        assertEquals(2, bench("wal", "--dir", dir.toString(), "--sync", "sometimes"));
        assertTrue(err.toString().contains("--sync"), err.toString());
    }

    @Test
    void unwritableDirIsAUsageErrorNamingTheDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

        assertEquals(2, bench("wal", "--dir", file.toString(), "--entries", "10"));
        assertTrue(err.toString().contains(file.toString()), err.toString());
    }
}

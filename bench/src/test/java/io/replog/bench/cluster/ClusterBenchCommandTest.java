package io.replog.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replog.bench.BenchMain;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves `bench cluster` runs end to end on replog and on each peer and prints the documented JSON
 * with sensible figures; tiny counts and no warm-up keep each run to seconds. No timing is asserted.
 */
class ClusterBenchCommandTest {
    private static final String[] FIGURES = {"commitsPerSecond", "mbPerSecond", "p50Us", "p99Us", "p999Us"};
    private static final int COUNT = 300;
    /** Ratis starts cold at a few dozen commits per second on 2 cores. */
    private static final int RATIS_COUNT = 100;

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

    private String[] tinyRun(String... more) {
        return tinyRun(COUNT, more);
    }

    private String[] tinyRun(int count, String... more) {
        List<String> args = new ArrayList<>(List.of("cluster", "--dir", dir.toString(), "--count", "" + count,
            "--size", "128", "--inflight", "32", "--warmup-seconds", "0", "--json"));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    /** Every command acknowledged once, positive rates, percentiles in order. */
    private static void assertSensible(JsonNode figures, String system) {
        assertSensible(figures, system, COUNT);
    }

    private static void assertSensible(JsonNode figures, String system, int count) {
        assertEquals(system, figures.path("system").asText(), figures.toString());
        assertEquals(count, figures.path("commits").asInt(), "every command acknowledged: " + figures);
        for (String field : FIGURES) {
            assertTrue(figures.path(field).asDouble() > 0, field + " is not positive in " + figures);
        }
        double p50 = figures.path("p50Us").asDouble();
        double p99 = figures.path("p99Us").asDouble();
        double p999 = figures.path("p999Us").asDouble();
        assertTrue(p50 <= p99 && p99 <= p999 && p999 <= figures.path("maxUs").asDouble(), figures.toString());
        assertEquals(figures.path("commitsPerSecond").asDouble() * 128 / 1e6, figures.path("mbPerSecond").asDouble(),
            1e-6 * figures.path("mbPerSecond").asDouble(), figures.toString());
        assertFalse(figures.path("durability").asText().isEmpty(), figures.toString());
    }

    private void assertNothingLeft() throws Exception {
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "the benchmark directory is deleted without --keep");
        }
    }

    @Test
    void replogRunPrintsOneJsonDocumentWithEveryCommandAcknowledged() throws Exception {
        assertEquals(0, bench(tinyRun()), err.toString());

        JsonNode report = json();
        assertSensible(report, "replog");
        assertEquals(3, report.path("nodes").asInt());
        assertEquals(COUNT, report.path("count").asInt());
        assertEquals(32, report.path("inflight").asInt());
        assertEquals("batch", report.path("sync").asText());
        assertFalse(report.has("peer") || report.has("throughputRatio"), report.toString());
        JsonNode floor = report.path("floor");
        assertTrue(floor.path("fsyncP50Us").asDouble() > 0 && floor.path("roundTripP50Us").asDouble() > 0, floor.toString());
        assertEquals(floor.path("fsyncP50Us").asDouble() + floor.path("roundTripP50Us").asDouble(),
            floor.path("p50Us").asDouble(), 1e-6, "the floor is one force plus one round trip: " + floor);
        assertEquals(report.path("p50Us").asDouble() / floor.path("p50Us").asDouble(), report.path("p50OverFloor").asDouble(),
            1e-6, report.toString());
        assertTrue(report.path("durability").asText().endsWith("spares' zeros written ahead"), report.toString());
        assertNothingLeft();
    }

    @Test
    void sparseSparesAreMeasuredAndSaid() throws Exception {
        assertEquals(0, bench(tinyRun("--sparse-spares")), err.toString());

        JsonNode report = json();
        assertSensible(report, "replog");
        assertTrue(report.path("durability").asText().endsWith("sparse spares (blocks taken as appends write them)"),
            report.toString());
        assertNothingLeft();
    }

    @Test
    void compareWithAeronClusterReportsPeerAndRatios() throws Exception {
        assertEquals(0, bench(tinyRun("--compare", "aeron-cluster", "--mtu", "8192")), err.toString());

        JsonNode report = json();
        assertEquals(8192, report.path("mtuBytes").asInt(), "both systems ran with the MTU asked for");
        assertSensible(report, "replog");
        assertSensible(report.path("peer"), "aeron-cluster");
        assertRatios(report);
        assertNothingLeft();
    }

    @Test
    void compareWithRatisReportsPeerAndRatios() throws Exception {
        assertEquals(0, bench(tinyRun(RATIS_COUNT, "--compare", "ratis")), err.toString());

        JsonNode report = json();
        assertSensible(report, "replog", RATIS_COUNT);
        assertSensible(report.path("peer"), "ratis", RATIS_COUNT);
        assertRatios(report);
        assertNothingLeft();
    }

    @Test
    void severalRunsAlternateAndReportTheMedianRunAndMedianRatios() throws Exception {
        assertEquals(0, bench(tinyRun("--compare", "aeron-cluster", "--runs", "3")), err.toString());

        JsonNode report = json();
        JsonNode runs = report.path("runs");
        assertEquals(3, runs.size(), report.toString());
        List<Double> throughput = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (JsonNode run : runs) {
            assertSensible(run.path("replog"), "replog");
            assertSensible(run.path("peer"), "aeron-cluster");
            throughput.add(run.path("throughputRatio").asDouble());
            p99.add(run.path("p99Ratio").asDouble());
        }
        throughput.sort(null);
        p99.sort(null);
        assertEquals(throughput.get(1), report.path("throughputRatio").asDouble(), 1e-12, "the median of the runs' ratios");
        assertEquals(p99.get(1), report.path("p99Ratio").asDouble(), 1e-12, "each ratio's own median");
        boolean shown = false;
        for (JsonNode run : runs) {
            shown |= run.path("throughputRatio").asDouble() == throughput.get(1) &&
                run.path("replog").path("commitsPerSecond").asDouble() == report.path("commitsPerSecond").asDouble() &&
                run.path("peer").path("commitsPerSecond").asDouble() == report.path("peer").path("commitsPerSecond").asDouble();
        }
        assertTrue(shown, "the top-level figures are the median run's: " + report);
        assertNothingLeft();
    }

    @Test
    void oneRunListsNoRuns() throws Exception {
        assertEquals(0, bench(tinyRun("--nodes", "1")), err.toString());
        assertFalse(json().has("runs"), out.toString());
        assertEquals(2, bench("cluster", "--dir", dir.toString(), "--runs", "0"));
        assertTrue(err.toString().contains("--runs"), err.toString());
    }

    private static void assertRatios(JsonNode report) {
        JsonNode peer = report.path("peer");
        assertEquals(report.path("commitsPerSecond").asDouble() / peer.path("commitsPerSecond").asDouble(),
            report.path("throughputRatio").asDouble(), 1e-9 * report.path("throughputRatio").asDouble(), report.toString());
        assertEquals(report.path("p50Us").asDouble() / peer.path("p50Us").asDouble(), report.path("p50Ratio").asDouble(),
            1e-9 * report.path("p50Ratio").asDouble(), report.toString());
        assertEquals(report.path("p99Us").asDouble() / peer.path("p99Us").asDouble(), report.path("p99Ratio").asDouble(),
            1e-9 * report.path("p99Ratio").asDouble(), report.toString());
    }

    @Test
    void keepLeavesReplogsNodeDirectories() throws Exception {
        assertEquals(0, bench(tinyRun("--keep", "--nodes", "1", "--sync", "none")), err.toString());

        Path kept = Path.of(json().path("dir").asText());
        assertTrue(Files.isDirectory(kept.resolve("node-1").resolve("log")), kept.toString());
    }

    @Test
    void unknownPeerIsAUsageErrorNamingThePeers() {
        assertEquals(2, bench("cluster", "--dir", dir.toString(), "--compare", "zookeeper"));
        assertTrue(err.toString().contains("aeron-cluster"), err.toString());
    }

    @Test
    void anMtuAeronWouldRefuseIsAUsageError() {
        assertEquals(2, bench("cluster", "--dir", dir.toString(), "--mtu", "1000"));
        assertTrue(err.toString().contains("--mtu") && err.toString().contains("multiple of 32"), err.toString());
    }

    @Test
    void payloadTooSmallForTheSequenceIsAUsageError() {
        assertEquals(2, bench("cluster", "--dir", dir.toString(), "--size", "4"));
        assertTrue(err.toString().contains("--size"), err.toString());
    }
}

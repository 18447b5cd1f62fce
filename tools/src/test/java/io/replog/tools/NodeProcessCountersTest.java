package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.replog.examples.client.ClientConfig;
import io.replog.examples.client.CounterClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real {@code replog node --service counters} processes on loopback (primary-backup: the leader is
 * the primary), driven through {@link CounterClient} while the primary is SIGKILLed and restarted:
 * no acknowledged increment is lost or applied twice, {@code replog counter} works against them, and
 * at the end they stop on SIGTERM with exit 0 and their directories pass {@code log-inspect --verify}.
 */
class NodeProcessCountersTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedIncrementSurvivesAPrimaryKillAndRestart() throws Exception {
        try (NodeProcessCluster cluster = new NodeProcessCluster(dir, 3, false, "counters");
             CounterClient client = new CounterClient(new ClientConfig().endpoints(cluster.clientEndpoints())
                 .timeoutMs(60_000).attemptTimeoutMs(1_000))) {
            cluster.startAll();
            NodeProcess primary = cluster.awaitLeader(0);
            CounterWorkload workload = new CounterWorkload(client, 3);
            workload.start();
            workload.awaitMore(cluster, 60, "before any fault");
            primary.kill();
            NodeProcess next = cluster.awaitLeader(primary.term());
            assertNotEquals(primary.id, next.id, "a new primary after SIGKILL");
            workload.awaitMore(cluster, 60, "after the primary was SIGKILLed");
            cluster.start(primary);
            workload.awaitMore(cluster, 30, "after the killed primary restarted");
            workload.stop();
            workload.verify("after the primary was SIGKILLed and restarted");

            runCounterCommands(cluster);
            for (NodeProcess node : cluster.nodes()) {
                cluster.await(node::serving, "node " + node.id + " to serve");
            }
            for (NodeProcess node : cluster.nodes()) {
                assertEquals(0, node.terminate(), "exit status after SIGTERM; " + node.describe());
                CliRun verify = CliRun.of("log-inspect", node.directory.toString(), "--verify");
                assertEquals(0, verify.exitCode(), "log-inspect --verify of node " + node.id + ": " + verify.out() +
                    verify.err());
            }
            CliRun asKv = CliRun.of(withService(cluster.node(1).arguments(), "kv"));
            assertEquals(2, asKv.exitCode(), asKv.out() + asKv.err());
            assertTrue(asKv.err().contains("holds the log of a node serving counters"), asKv.err());
        }
    }

    /** {@code replog counter} against the running processes: an increment, then a read of the same stamp. */
    private static void runCounterCommands(NodeProcessCluster cluster) throws Exception {
        String endpoints = cluster.clientEndpoints();
        CliRun increment = CliRun.of("counter", "--cluster", endpoints, "increment", "cli", "5");
        assertEquals(0, increment.exitCode(), increment.err());
        assertTrue(increment.out().startsWith("cli = 5, stamped "), increment.out());
        CliRun read = CliRun.of("counter", "--cluster", endpoints, "--json", "read", "cli");
        assertEquals(0, read.exitCode(), read.err());
        JsonNode stamp = read.json();
        assertEquals(5, stamp.get("value").asLong());
        assertTrue(increment.out().contains(stamp.get("stampedAt").asText()) &&
            increment.out().contains("id " + stamp.get("id").asText()), "the read answers the increment's stamp: " +
            increment.out() + " / " + read.out());
        CliRun asKv = CliRun.of("kv", "--cluster", endpoints, "get", "cli");
        assertEquals(2, asKv.exitCode(), asKv.out() + asKv.err());
        assertTrue(asKv.err().contains("serves counters, not kv"), asKv.err());
    }

    private static String[] withService(List<String> arguments, String service) {
        List<String> changed = new ArrayList<>(arguments);
        changed.set(changed.indexOf("--service") + 1, service);
        return changed.toArray(String[]::new);
    }
}

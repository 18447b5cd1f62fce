package io.replog.tools;

import io.replog.examples.client.KvClient;
import io.replog.examples.client.ClientConfig;
import io.replog.examples.client.KvResponse;
import io.replog.examples.client.ReplyStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real {@code replog node} processes on loopback, driven through {@link KvClient} while nodes are
 * SIGKILLed, SIGSTOPped and restarted. After each fault every acknowledged write must be readable
 * (linearizable gets); at the end the nodes stop on SIGTERM with exit 0, their directories pass
 * {@code log-inspect --verify}, and their states, rebuilt offline, are identical.
 */
class NodeProcessTest {
    @TempDir
    Path dir;

    private static KvClient client(NodeProcessCluster cluster) {
        return new KvClient(new ClientConfig().endpoints(cluster.clientEndpoints()).timeoutMs(60_000)
            .attemptTimeoutMs(1_000));
    }

    @Test
    void threeNodesKeepEveryAcknowledgedWriteThroughLeaderKillPauseAndFollowerRestart() throws Exception {
        try (NodeProcessCluster cluster = new NodeProcessCluster(dir, 3); KvClient client = client(cluster)) {
            cluster.startAll();
            NodeProcess leader = cluster.awaitLeader(0);
            KvWorkload workload = new KvWorkload(client, 3);
            workload.start();

            workload.awaitMore(cluster, 60, "before any fault");
            leader.kill();
            NodeProcess next = cluster.awaitLeader(leader.term());
            assertNotEquals(leader.id, next.id, "a new leader after SIGKILL");
            workload.awaitMore(cluster, 60, "after the leader was SIGKILLed");
            cluster.start(leader);
            workload.awaitMore(cluster, 30, "after the killed leader restarted");
            workload.stop();
            workload.verify("after the leader was SIGKILLed and restarted");

            workload.start();
            leader = cluster.awaitLeader(0);
            leader.pause();
            next = cluster.awaitLeader(leader.term());
            assertNotEquals(leader.id, next.id, "a new leader while the old one is stopped");
            workload.awaitMore(cluster, 60, "while the old leader is SIGSTOPped");
            leader.resume();
            workload.awaitMore(cluster, 30, "after the old leader got SIGCONT");
            workload.stop();
            workload.verify("after the leader was SIGSTOPped and continued");

            workload.start();
            leader = cluster.awaitLeader(0);
            NodeProcess follower = cluster.node(leader.id % 3 + 1);
            follower.kill();
            workload.awaitMore(cluster, 60, "with a follower SIGKILLed");
            cluster.start(follower);
            workload.awaitMore(cluster, 30, "after the follower restarted");
            workload.stop();
            workload.verify("after a follower was SIGKILLed and restarted");

            runKvCommands(cluster);
            stopAndCompare(cluster, client);
        }
    }

    @Test
    void fiveNodesKeepEveryAcknowledgedWriteWhenTheLeaderDiesWhileAFollowerIsPaused() throws Exception {
        try (NodeProcessCluster cluster = new NodeProcessCluster(dir, 5); KvClient client = client(cluster)) {
            cluster.startAll();
            NodeProcess leader = cluster.awaitLeader(0);
            KvWorkload workload = new KvWorkload(client, 2);
            workload.start();
            workload.awaitMore(cluster, 40, "before any fault");
            NodeProcess paused = cluster.node(leader.id % 5 + 1);
            paused.pause();
            leader.kill();
            NodeProcess next = cluster.awaitLeader(leader.term());
            assertNotEquals(leader.id, next.id);
            workload.awaitMore(cluster, 40, "with the leader dead and a follower paused (3 of 5 up)");
            paused.resume();
            cluster.start(leader);
            workload.awaitMore(cluster, 30, "after the pause ended and the old leader restarted");
            workload.stop();
            workload.verify("after the leader was SIGKILLed while a follower was SIGSTOPped");
            stopAndCompare(cluster, client);
        }
    }

    @Test
    void aPartitionedLeaderAcknowledgesNothingAndRejoinsAfterTheHeal() throws Exception {
        try (NodeProcessCluster cluster = new NodeProcessCluster(dir, 3, true); KvClient client = client(cluster)) {
            cluster.startAll();
            NodeProcess leader = cluster.awaitLeader(0);
            KvWorkload workload = new KvWorkload(client, 3);
            workload.start();
            workload.awaitMore(cluster, 40, "before the partition");
            cluster.relay().isolate(leader.id);
            // The cut-off leader keeps its process and its clients' connections, but no quorum.
            NodeProcess next = cluster.awaitLeader(leader.term());
            assertNotEquals(leader.id, next.id, "the majority side elected another leader");
            workload.awaitMore(cluster, 60, "while the old leader is partitioned away");
            cluster.relay().heal();
            NodeProcess old = leader;
            cluster.await(() -> !old.leads() && old.term() >= next.term(), "the old leader to step down after the heal");
            workload.awaitMore(cluster, 30, "after the partition healed");
            workload.stop();
            workload.verify("after the leader was partitioned away and the partition healed");
            stopAndCompare(cluster, client);
        }
    }

    /** {@code replog kv} against the running processes: a round trip and a failed cas (exit 1). */
    private static void runKvCommands(NodeProcessCluster cluster) {
        String endpoints = cluster.clientEndpoints();
        CliRun put = CliRun.of("kv", "--cluster", endpoints, "put", "cli", "one");
        assertEquals(0, put.exitCode(), put.err());
        CliRun get = CliRun.of("kv", "--cluster", endpoints, "get", "cli");
        assertEquals(0, get.exitCode(), get.err());
        assertEquals("one", get.out().trim());
        CliRun casMismatch = CliRun.of("kv", "--cluster", endpoints, "cas", "cli", "two", "three");
        assertEquals(1, casMismatch.exitCode(), casMismatch.out() + casMismatch.err());
        assertTrue(casMismatch.out().contains("the value is one"), casMismatch.out());
        CliRun cas = CliRun.of("kv", "--cluster", endpoints, "--json", "cas", "cli", "one", "two");
        assertEquals(0, cas.exitCode(), cas.err());
        assertTrue(cas.out().contains("\"status\" : \"OK\""), cas.out());
    }

    /**
     * Two marker writes; once every log holds the second, every node learned that the first committed
     * (the second was proposed after the first committed, so whatever carried it carried that commit
     * index). Then SIGTERM everyone and compare the states offline at the lowest commit index recorded.
     */
    static void stopAndCompare(NodeProcessCluster cluster, KvClient client) throws Exception {
        KvResponse first = client.put("marker", "1");
        KvResponse second = client.put("marker", "2");
        assertEquals(ReplyStatus.OK, second.status());
        for (NodeProcess node : cluster.nodes()) {
            cluster.await(node::serving, "node " + node.id + " to serve");
            cluster.await(() -> NodeProcessCluster.logLastIndex(node) >= second.logIndex(),
                "node " + node.id + "'s log to reach index " + second.logIndex());
        }
        List<Long> commits = new ArrayList<>();
        for (NodeProcess node : cluster.nodes()) {
            assertEquals(0, node.terminate(), "exit status after SIGTERM; " + node.describe());
            assertTrue(node.lines().get(node.lines().size() - 1).contains("stopped (signal)"), node.describe());
            CliRun verify = CliRun.of("log-inspect", node.directory.toString(), "--verify");
            assertEquals(0, verify.exitCode(), "log-inspect --verify of node " + node.id + ": " + verify.out() +
                verify.err());
            commits.add(NodeProcessCluster.commitIndexHint(node.directory));
        }
        long common = commits.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(common >= first.logIndex(), "every node recorded a commit index covering the first marker (" +
            first.logIndex() + "): " + commits);
        byte[] reference = null;
        for (NodeProcess node : cluster.nodes()) {
            byte[] state = NodeProcessCluster.stateAt(node.directory, common);
            if (reference == null) {
                reference = state;
            } else {
                assertArrayEquals(reference, state, "node " + node.id + "'s state at index " + common +
                    " differs from node 1's");
            }
        }
    }
}

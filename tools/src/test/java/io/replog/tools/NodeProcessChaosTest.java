package io.replog.tools;

import io.replog.examples.client.KvClient;
import io.replog.examples.client.ClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The long, opt-in variant of {@link NodeProcessTest}: {@code -Dreplog.node.chaos.rounds} seeded rounds
 * (0, so skipped, in {@code mvn verify}; 30 with {@code -Pnode-chaos}) of a random fault on a 3-node
 * cluster of processes under load — the leader or a follower SIGKILLed and restarted, the leader
 * SIGSTOPped and continued, or partitioned and healed — each followed by reading back every
 * acknowledged write; at the end the states are compared offline. Replay with
 * {@code -Dreplog.node.chaos.seed}.
 */
class NodeProcessChaosTest {
    @TempDir
    Path dir;

    @Test
    void randomFaultRoundsLoseNoAcknowledgedWrite() throws Exception {
        int rounds = Integer.getInteger("replog.node.chaos.rounds", 0);
        assumeTrue(rounds > 0, "opt-in: mvn -B -pl tools -am verify -Pnode-chaos -Dtest=NodeProcessChaosTest " +
            "-Dsurefire.failIfNoSpecifiedTests=false");
        long seed = Long.getLong("replog.node.chaos.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("node chaos: seed " + seed + ", " + rounds + " rounds");
        try (NodeProcessCluster cluster = new NodeProcessCluster(dir, 3, true);
             KvClient client = new KvClient(new ClientConfig().endpoints(cluster.clientEndpoints())
                 .timeoutMs(60_000).attemptTimeoutMs(1_000))) {
            cluster.startAll();
            KvWorkload workload = new KvWorkload(client, 3);
            for (int round = 1; round <= rounds; round++) {
                String where = "round " + round + " of seed " + seed;
                workload.start();
                NodeProcess leader = cluster.awaitLeader(0);
                NodeProcess follower = cluster.node((leader.id + random.nextInt(2)) % 3 + 1);
                workload.awaitMore(cluster, 10 + random.nextInt(40), "before the fault, " + where);
                int fault = random.nextInt(4);
                switch (fault) {
                    case 0 -> {
                        leader.kill();
                        cluster.awaitLeader(leader.term());
                        workload.awaitMore(cluster, 20 + random.nextInt(40), "leader killed, " + where);
                        cluster.start(leader);
                    }
                    case 1 -> {
                        leader.pause();
                        cluster.awaitLeader(leader.term());
                        workload.awaitMore(cluster, 20 + random.nextInt(40), "leader paused, " + where);
                        leader.resume();
                    }
                    case 2 -> {
                        follower.kill();
                        workload.awaitMore(cluster, 20 + random.nextInt(40), "follower killed, " + where);
                        cluster.start(follower);
                    }
                    default -> {
                        cluster.relay().isolate(leader.id);
                        cluster.awaitLeader(leader.term());
                        workload.awaitMore(cluster, 20 + random.nextInt(40), "leader partitioned, " + where);
                        cluster.relay().heal();
                    }
                }
                workload.awaitMore(cluster, 10 + random.nextInt(30), "after fault " + fault + ", " + where);
                workload.stop();
                workload.verify("after fault " + fault + ", " + where);
                for (NodeProcess node : cluster.nodes()) {
                    cluster.await(node::serving, "node " + node.id + " to serve again, " + where);
                }
            }
            NodeProcessTest.stopAndCompare(cluster, client);
        }
    }
}

package io.replog.replication.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random walk over a {@link TestCluster}: ticks, deliveries out of order, drops,
 * duplicates, proposals and crash-restarts. After every action it calls the observer, which
 * the paper tests use to check one safety property each.
 */
final class RandomClusterRun {
    interface Observer {
        void afterStep(TestCluster cluster, int step);
    }

    private RandomClusterRun() {
    }

    static TestCluster run(long seed, int nodeCount, int steps, Observer observer) {
        Random random = new Random(seed);
        TestCluster cluster = new TestCluster();
        int[] ids = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            ids[i] = i + 1;
        }
        Configuration membership = Configuration.ofVoters(ids);
        boolean preVote = random.nextBoolean();
        boolean checkQuorum = random.nextBoolean();
        cluster.addNodes(nodeCount, id -> RaftConfig.defaults(id, membership).withTimeouts(6, 1)
            .withElectionOptions(preVote, checkQuorum).withFlowControl(1 + random.nextInt(4), 1 << 20, 1 + random.nextInt(4), 0));
        int proposals = 0;
        for (int step = 0; step < steps; step++) {
            int id = 1 + random.nextInt(nodeCount);
            int action = random.nextInt(100);
            if (action < 20) {
                cluster.tick(id, 1);
            } else if (action < 65) {
                deliverOne(cluster, random);
            } else if (action < 85) {
                for (int node = 1; node <= nodeCount; node++) {
                    cluster.processReady(node, false);
                }
            } else if (action < 95) {
                RaftNode raft = cluster.raft(id);
                if (raft.role() == Role.LEADER) {
                    raft.propose(("v" + proposals++).getBytes(StandardCharsets.UTF_8));
                }
            } else if (action < 96) {
                cluster.nodes.get(id).crashAndRestart();
            } else if (!cluster.network.isEmpty()) {
                cluster.network.remove(random.nextInt(cluster.network.size())); // drop
            }
            observer.afterStep(cluster, step);
        }
        return cluster;
    }

    private static void deliverOne(TestCluster cluster, Random random) {
        if (cluster.network.isEmpty()) {
            return;
        }
        int position = random.nextInt(cluster.network.size());
        Message m = random.nextInt(10) == 0 ? cluster.network.get(position) : cluster.network.remove(position); // 10% duplicates
        RaftNode target = cluster.raft(m.to());
        target.step(m);
        target.invariants();
    }

    /** Leader of each term seen so far; a second leader for a term is a violation. */
    static final class LeaderPerTerm {
        final Map<Long, Integer> leaders = new HashMap<>();

        String record(RaftNode raft) {
            if (raft.role() != Role.LEADER) {
                return null;
            }
            Integer previous = leaders.putIfAbsent(raft.term(), raft.id());
            return previous != null && previous != raft.id() ? "term " + raft.term() + " has leaders " + previous + " and " + raft.id() : null;
        }
    }

    /** Snapshot of a node's log as (term) per index, from its first index. */
    static List<Long> terms(RaftNode raft) {
        List<Long> terms = new ArrayList<>();
        for (long index = 1; index <= raft.lastIndex(); index++) {
            terms.add(raft.termAt(index));
        }
        return terms;
    }
}

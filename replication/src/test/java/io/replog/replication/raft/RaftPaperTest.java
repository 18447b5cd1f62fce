package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One test per safety argument of the Raft paper (Figure 3), each checked over seeded random
 * runs of the core (reordering, duplicates, drops, crash-restarts), plus the Figure 8 scenario.
 */
class RaftPaperTest {
    private static final int SEEDS = 40;
    private static final int STEPS = 3_000;

    @Test
    void electionSafetyOneLeaderPerTerm() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            RandomClusterRun.LeaderPerTerm leaders = new RandomClusterRun.LeaderPerTerm();
            long runSeed = seed;
            RandomClusterRun.run(seed, seed % 2 == 0 ? 3 : 5, STEPS, (cluster, step) -> {
                for (TestNode node : cluster.nodes.values()) {
                    String violation = leaders.record(node.raft);
                    if (violation != null) {
                        fail("seed " + runSeed + " step " + step + ": " + violation);
                    }
                }
            });
            assertTrue(leaders.leaders.size() > 0, "seed " + seed + ": no leader was ever elected, the run proves nothing");
        }
    }

    @Test
    void leaderAppendOnlyNeverOverwritesOrDeletesItsEntries() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Map<Integer, List<Long>> leaderLogs = new HashMap<>();
            Map<Integer, Long> leaderTerms = new HashMap<>();
            long runSeed = seed;
            RandomClusterRun.run(seed, 3, STEPS, (cluster, step) -> {
                for (TestNode node : cluster.nodes.values()) {
                    RaftNode raft = node.raft;
                    if (raft.role() != Role.LEADER) {
                        leaderLogs.remove(raft.id());
                        continue;
                    }
                    List<Long> now = RandomClusterRun.terms(raft);
                    List<Long> before = leaderLogs.get(raft.id());
                    if (before != null && leaderTerms.get(raft.id()) == raft.term()) {
                        if (now.size() < before.size() || !now.subList(0, before.size()).equals(before)) {
                            fail("seed " + runSeed + " step " + step + ": leader " + raft.id() + " changed its log from " + before + " to " + now);
                        }
                    }
                    leaderLogs.put(raft.id(), now);
                    leaderTerms.put(raft.id(), raft.term());
                }
            });
        }
    }

    @Test
    void logMatchingSameIndexAndTermMeansIdenticalPrefix() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            long runSeed = seed;
            RandomClusterRun.run(seed, 5, STEPS, (cluster, step) -> {
                if (step % 30 != 0) {
                    return;
                }
                List<RaftNode> rafts = new ArrayList<>();
                cluster.nodes.values().forEach(n -> rafts.add(n.raft));
                for (RaftNode a : rafts) {
                    for (RaftNode b : rafts) {
                        checkLogMatching(runSeed, step, a, b);
                    }
                }
            });
        }
    }

    private static void checkLogMatching(long seed, int step, RaftNode a, RaftNode b) {
        long last = Math.min(a.lastIndex(), b.lastIndex());
        for (long index = last; index >= 1; index--) {
            if (a.termAt(index) == b.termAt(index)) {
                for (long i = index; i >= 1; i--) {
                    assertArrayEquals(a.entryAt(i).data(), b.entryAt(i).data(),
                        "seed " + seed + " step " + step + ": nodes " + a.id() + " and " + b.id() + " agree on term at " + index + " but differ at " + i);
                    assertEquals(a.termAt(i), b.termAt(i), "seed " + seed + " step " + step + ": term differs at " + i);
                }
                return;
            }
        }
    }

    @Test
    void leaderCompletenessEveryCommittedEntryIsInEveryLaterLeader() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Map<Long, LogEntry> committed = new HashMap<>();
            long runSeed = seed;
            RandomClusterRun.run(seed, 3, STEPS, (cluster, step) -> {
                for (TestNode node : cluster.nodes.values()) {
                    RaftNode raft = node.raft;
                    for (long index = raft.appliedIndex(); index >= 1 && !committed.containsKey(index); index--) {
                        committed.put(index, raft.entryAt(index));
                    }
                    if (raft.role() == Role.LEADER) {
                        for (LogEntry entry : committed.values()) {
                            if (entry.term() < raft.term()) {
                                assertEquals(entry.term(), raft.termAt(entry.index()),
                                    "seed " + runSeed + " step " + step + ": leader " + raft.id() + " of term " + raft.term() + " lacks committed " + entry);
                            }
                        }
                    }
                }
            });
            assertTrue(committed.size() > 1, "seed " + seed + ": nothing was committed, the run proves nothing");
        }
    }

    @Test
    void stateMachineSafetyNoTwoNodesApplyDifferentEntriesAtOneIndex() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Map<Long, String> appliedAt = new HashMap<>();
            long runSeed = seed;
            RandomClusterRun.run(seed, 5, STEPS, (cluster, step) -> {
                for (TestNode node : cluster.nodes.values()) {
                    for (LogEntry entry : node.applied) {
                        String seen = appliedAt.putIfAbsent(entry.index(), entry.toString());
                        if (seen != null && !seen.equals(entry.toString())) {
                            fail("seed " + runSeed + " step " + step + ": node " + node.raft.id() + " applied " + entry + " where another applied " + seen);
                        }
                    }
                }
            });
            assertTrue(appliedAt.size() > 1, "seed " + seed + ": nothing applied");
        }
    }

    // ---------------------------------------------------------------- Figure 8

    /**
     * Figure 8 (shifted down one index, as our leaders' empty entries make the paper's index 1
     * unnecessary): S1, leader of term 3, replicates its entry 1/1 (of term 1) to a majority.
     * Counting replicas must not commit it, because S5 (last entry 2/1) can still be elected and
     * overwrite it, which it then does (d).
     */
    @Test
    void figure8PreviousTermEntryIsNotCommittedByCountingReplicas() {
        TestCluster cluster = figure8UpToC();
        assertEquals(1, cluster.raft(1).tracker.committedIndex(), "index 1 (term 1) is on a majority: S1, S2, S3");
        assertEquals(0, cluster.raft(1).commitIndex(), "but an entry of term 1 may not be committed by counting in term 3");

        // (d) S1 crashes; S5 is elected with votes from S3 and S4 and overwrites index 1 everywhere.
        cluster.setIsolated(5, false);
        cluster.setIsolated(1, true);
        cluster.nodes.get(1).crashAndRestart();
        cluster.dropFilter = m -> false;
        electByCampaigning(cluster, 5);
        cluster.stabilize(false);
        for (int id = 2; id <= 5; id++) {
            assertEquals(2, cluster.raft(id).termAt(1), "S" + id + " holds S5's entry 2/1 after (d)");
        }
        assertTrue(cluster.nodes.get(1).applied.isEmpty(), "S1 applied nothing");
    }

    /** Figure 8 (e): once S1 replicates an entry of its own term to a majority, index 1 is committed and S5 cannot win. */
    @Test
    void figure8PreviousTermEntryIsCommittedThroughACurrentTermEntry() {
        TestCluster cluster = figure8UpToC();
        cluster.dropFilter = m -> false;
        cluster.raft(1).propose("x".getBytes(StandardCharsets.UTF_8));
        cluster.stabilize(false);
        assertEquals(3, cluster.raft(1).commitIndex(), "committing entries of term 3 commits 1/1 with them");
        cluster.setIsolated(5, false);
        cluster.setIsolated(1, true);
        cluster.nodes.get(1).crashAndRestart();
        for (int attempt = 0; attempt < 5; attempt++) {
            cluster.raft(5).campaign();
            cluster.stabilize(false);
            assertNotEquals(Role.LEADER, cluster.raft(5).role(), "S5 (last entry 2/1) must not win against S2-S4 holding entries of term 3");
        }
    }

    /** Builds Figure 8 (a)-(c) on five nodes without pre-vote or leases, one entry per append. */
    private static TestCluster figure8UpToC() {
        TestCluster cluster = new TestCluster();
        Configuration membership = Configuration.ofVoters(1, 2, 3, 4, 5);
        cluster.addNodes(5, id -> RaftConfig.defaults(id, membership).withElectionOptions(false, false).withFlowControl(1, 1 << 20, 8, 0));
        // (a) S1 leads term 1 and its entry 1/1 reaches S2 only.
        cluster.dropFilter = m -> m.type() == MessageType.APPEND && m.from() == 1 && m.to() != 2;
        electByCampaigning(cluster, 1);
        assertEquals(1, cluster.raft(2).lastIndex());
        // (b) S1 crashes; S5 wins term 2 with S3 and S4 and appends 2/1, which reaches nobody.
        cluster.setIsolated(1, true);
        cluster.dropFilter = m -> m.type() == MessageType.APPEND && m.from() == 5;
        electByCampaigning(cluster, 5);
        assertEquals(2, cluster.raft(5).term());
        assertEquals(2, cluster.raft(5).termAt(1));
        // (c) S5 crashes; S1 restarts and wins term 3; 1/1 reaches S3, S1's own 3/2 reaches S2 only.
        cluster.setIsolated(1, false);
        cluster.setIsolated(5, true);
        cluster.nodes.get(5).crashAndRestart();
        cluster.nodes.get(1).crashAndRestart();
        cluster.dropFilter = m -> m.type() == MessageType.APPEND && m.from() == 1
            && (m.to() == 4 || m.to() == 3 && cluster.raft(3).lastIndex() >= 1 && m.entries().stream().anyMatch(e -> e.index() >= 2));
        electByCampaigning(cluster, 1);
        assertEquals(3, cluster.raft(1).term());
        assertEquals(1, cluster.raft(3).termAt(1), "S3 received 1/1");
        assertEquals(1, cluster.raft(3).lastIndex(), "S3 did not receive 3/2");
        return cluster;
    }

    private static void electByCampaigning(TestCluster cluster, int id) {
        for (int attempt = 0; attempt < 5 && cluster.raft(id).role() != Role.LEADER; attempt++) {
            cluster.raft(id).campaign();
            cluster.stabilize(false);
        }
        assertEquals(Role.LEADER, cluster.raft(id).role(), "S" + id + " should have won: " + cluster.raft(id));
    }

    @Test
    void leaderCommitsOnlyAfterItsOwnWriteIsDurable() {
        TestCluster cluster = new TestCluster();
        Configuration single = Configuration.ofVoters(1);
        cluster.addNodes(1, id -> RaftConfig.defaults(id, single));
        cluster.raft(1).campaign();
        assertEquals(Role.LEADER, cluster.raft(1).role());
        assertEquals(0, cluster.raft(1).commitIndex(), "nothing is durable yet, so nothing is committed");
        Ready ready = cluster.nodes.get(1).handleReady();
        assertEquals(1, ready.entries().size());
        assertEquals(1, cluster.raft(1).commitIndex(), "the leader's persisted write is a majority of one");
        assertTrue(cluster.raft(1).propose("x".getBytes(StandardCharsets.UTF_8)));
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Learners are not built out yet (no membership change), but the configuration type already
 * carries them: they receive the log, never campaign, and never count towards a majority.
 */
class LearnerTest {
    private static TestCluster clusterWithLearner() {
        Configuration membership = new Configuration(Set.of(1, 2, 3), Set.of(4));
        TestCluster cluster = new TestCluster();
        cluster.addNodes(4, id -> RaftConfig.defaults(id, membership));
        cluster.elect(1);
        return cluster;
    }

    @Test
    void learnerReceivesAndAppliesTheLog() {
        TestCluster cluster = clusterWithLearner();
        cluster.raft(1).propose("x".getBytes(StandardCharsets.UTF_8));
        cluster.stabilize(false);
        assertEquals(2, cluster.raft(4).commitIndex());
        assertEquals(2, cluster.nodes.get(4).applied.size());
    }

    @Test
    void learnerAcknowledgementsDoNotMakeAMajority() {
        TestCluster cluster = clusterWithLearner();
        cluster.setIsolated(2, true);
        cluster.setIsolated(3, true);
        cluster.raft(1).propose("x".getBytes(StandardCharsets.UTF_8));
        cluster.stabilize(false);
        assertEquals(2, cluster.raft(4).lastIndex(), "the learner holds the entry");
        assertEquals(1, cluster.raft(1).commitIndex(), "leader + learner are not a majority of three voters");
    }

    @Test
    void learnerNeverCampaigns() {
        TestCluster cluster = clusterWithLearner();
        cluster.setIsolated(4, true);
        cluster.tick(4, 100);
        cluster.stabilize(false);
        assertNotEquals(Role.CANDIDATE, cluster.raft(4).role());
        assertNotEquals(Role.PRE_CANDIDATE, cluster.raft(4).role());
        assertEquals(1, cluster.raft(4).term(), "a learner never raises its term");
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader's side of snapshot streaming: its byte budget per tick and its window per follower. */
class SnapshotStreamingTest {
    private static final Configuration THREE = Configuration.ofVoters(1, 2, 3);

    /** Elects 1, cuts 3 off, commits and compacts past what 3 has, then heals. */
    private static TestCluster clusterWhere3NeedsASnapshot(int chunkBytes, long inflightBytes, long bytesPerTick) {
        TestCluster cluster = new TestCluster();
        cluster.addNodes(3, id -> RaftConfig.defaults(id, THREE).withSnapshotFlowControl(chunkBytes, inflightBytes, bytesPerTick));
        cluster.elect(1);
        cluster.setIsolated(3, true);
        for (int i = 0; i < 40; i++) {
            cluster.raft(1).propose(("entry-" + i).getBytes(StandardCharsets.UTF_8));
        }
        cluster.stabilize(false);
        cluster.nodes.get(1).compact(cluster.raft(1).commitIndex());
        cluster.setIsolated(3, false);
        return cluster;
    }

    private static long chunkBytesInNetwork(TestCluster cluster) {
        return cluster.network.stream().filter(m -> m.type() == MessageType.INSTALL_SNAPSHOT).mapToLong(m -> m.chunk().length).sum();
    }

    @Test
    void aLeaderSendsAtMostItsBudgetOfSnapshotBytesPerTickAndTheFollowerStillCatchesUp() {
        TestCluster cluster = clusterWhere3NeedsASnapshot(4, 1 << 20, 12);
        long snapshotBytes = cluster.nodes.get(1).storage.snapshot().lengthBytes();
        assertTrue(snapshotBytes > 100, "a snapshot of many chunks: " + snapshotBytes + " bytes");
        for (int tick = 0; tick < 10_000 && cluster.raft(3).commitIndex() < cluster.raft(1).commitIndex(); tick++) {
            cluster.tick(1, 1);
            long sentThisTick = 0;
            // Deliver everything until quiet: acknowledgements open the window, only the budget holds chunks back.
            while (cluster.processReady(1, false) | cluster.processReady(2, false) | cluster.processReady(3, false)
                || !cluster.network.isEmpty()) {
                sentThisTick += chunkBytesInNetwork(cluster);
                cluster.deliver(0, false);
            }
            assertTrue(sentThisTick <= 12 + 4 - 1, "tick " + tick + ": " + sentThisTick + " snapshot bytes sent, budget 12 per tick");
        }
        assertEquals(cluster.raft(1).commitIndex(), cluster.raft(3).commitIndex(), "node 3 caught up through the snapshot");
    }

    @Test
    void withoutABudgetTheWindowBoundsTheBytesInFlight() {
        TestCluster cluster = clusterWhere3NeedsASnapshot(4, 12, 0);
        cluster.tick(1, 1); // a heartbeat; 3 answers it and is found to need the snapshot
        for (int round = 0; round < 10_000 && cluster.raft(3).commitIndex() < cluster.raft(1).commitIndex(); round++) {
            cluster.processReady(1, false);
            long inFlight = chunkBytesInNetwork(cluster);
            assertTrue(inFlight <= 12, "round " + round + ": " + inFlight + " snapshot bytes in flight, window 12");
            cluster.deliver(3, false);
            cluster.processReady(3, false);
            cluster.deliver(1, false);
            if (cluster.network.isEmpty() && !cluster.raft(1).hasReady()) {
                cluster.tick(1, 1);
            }
        }
        assertEquals(cluster.raft(1).commitIndex(), cluster.raft(3).commitIndex(), "node 3 caught up through the snapshot");
    }
}

package io.replog.replication.node;

import io.replog.replication.raft.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes, stalls and partitions of a real cluster on loopback; each scenario ends with
 * {@link LocalCluster#checkAcknowledged}: every acknowledged append is applied on a majority with its
 * payload, and nodes agree at every index. Snapshots are taken often and the log retains little, so
 * restarted and partitioned nodes also catch up through snapshots. Subclasses choose the cluster size.
 */
abstract class ClusterFaultScenarios {
    @TempDir
    Path directory;
    LocalCluster cluster;

    abstract int size();

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new LocalCluster(directory, size(), config -> config.snapshotEveryEntries(100).retainEntries(20)
            .segmentLengthBytes(64 * 1024));
        cluster.startAll();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private int followerOf(int leaderId) {
        return cluster.members().stream().filter(id -> id != leaderId).findFirst().orElseThrow();
    }

    @Test
    void leaderKilledMidLoadLosesNoAcknowledgedAppendAndRejoins() throws Exception {
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 120));
        int oldLeader = cluster.awaitLeader().id();
        cluster.halt(oldLeader);
        acked.addAll(cluster.append("after", 120));
        assertNotEquals(oldLeader, cluster.awaitLeader().id(), "a new leader took over");
        cluster.start(oldLeader);
        acked.addAll(cluster.append("rejoined", 20));
        cluster.checkAcknowledged(acked);
    }

    @Test
    void followerKilledAndRestartedCatchesUp() throws Exception {
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 120));
        int follower = followerOf(cluster.awaitLeader().id());
        cluster.halt(follower);
        acked.addAll(cluster.append("while-down", 200, 400));
        cluster.start(follower);
        acked.addAll(cluster.append("restarted", 20));
        cluster.checkAcknowledged(acked);
    }

    @Test
    void stalledLeaderIsReplacedAndStepsDownWhenItWakes() throws Exception {
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 60));
        ReplogNode stalled = cluster.awaitLeader();
        cluster.faults.stall(stalled.id());
        // Clients that still believe in the stalled leader: their appends wait in its queue.
        List<CompletableFuture<CommitResult>> stale = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stale.add(stalled.append(cluster.payload("stale", 8)));
        }
        acked.addAll(cluster.append("during-stall", 120));
        assertNotEquals(stalled.id(), cluster.awaitLeader().id(), "the others elected a new leader");
        cluster.faults.resume(stalled.id());
        LocalCluster.await(() -> stalled.role() != Role.LEADER, "the woken leader to step down");
        acked.addAll(cluster.append("after-stall", 20));
        // Whatever the woken leader did with the appends it held, an acknowledged one must pass the check too.
        for (CompletableFuture<CommitResult> append : stale) {
            LocalCluster.await(append::isDone, "the stale appends to be answered");
            if (!append.isCompletedExceptionally()) {
                acked.add(new LocalCluster.Acked(append.join().index(), null));
            }
        }
        cluster.checkAcknowledged(acked);
    }

    @Test
    void isolatedMinorityLeaderCommitsNothingAndRejoins() throws Exception {
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 60));
        ReplogNode oldLeader = cluster.awaitLeader();
        Set<Integer> minority = new TreeSet<>(Set.of(oldLeader.id()));
        for (int id : cluster.members()) {
            if (minority.size() < size() - cluster.majority()) {
                minority.add(id);
            }
        }
        cluster.faults.partition(minority, cluster.members());
        List<CompletableFuture<CommitResult>> stranded = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stranded.add(oldLeader.append(cluster.payload("stranded", 8)));
        }
        acked.addAll(cluster.append("majority", 120));
        for (CompletableFuture<CommitResult> append : stranded) {
            assertFalse(append.isDone() && !append.isCompletedExceptionally(),
                "an append to the isolated minority leader was acknowledged");
        }
        cluster.faults.heal();
        acked.addAll(cluster.append("healed", 20));
        cluster.checkAcknowledged(acked);
        for (CompletableFuture<CommitResult> append : stranded) {
            LocalCluster.await(append::isDone, "the stranded appends to fail once the old leader hears the new term");
            assertTrue(append.isCompletedExceptionally(), "an append the isolated leader took was acknowledged");
        }
    }

    @Test
    void symmetricSplitKeepsTheMajorityCommittingAndHeals() throws Exception {
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 60));
        int leader = cluster.awaitLeader().id();
        Set<Integer> minority = new TreeSet<>();
        for (int id : cluster.members()) {
            if (id != leader && minority.size() < size() - cluster.majority()) {
                minority.add(id);
            }
        }
        cluster.faults.partition(minority, cluster.members());
        acked.addAll(cluster.append("split", 200));
        cluster.faults.heal();
        acked.addAll(cluster.append("healed", 20));
        cluster.checkAcknowledged(acked);
    }
}

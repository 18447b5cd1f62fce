package io.replog.replication.node;

import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Followers that fell behind: within the log the leader retains they catch up from it; beyond it
 * through a snapshot streamed from the leader's file, and a transfer interrupted by a restart resumes
 * from the bytes the follower holds, not from byte 0.
 */
class SnapshotTransferTest {
    @TempDir
    Path directory;
    private LocalCluster cluster;

    private void start(Consumer<NodeConfig> tuning) throws Exception {
        cluster = new LocalCluster(directory, 3, tuning);
        cluster.startAll();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int followerOf(int leaderId) {
        return cluster.members().stream().filter(id -> id != leaderId).findFirst().orElseThrow();
    }

    @Test
    void aFollowerWithinTheRetainedLogCatchesUpFromItWithoutASnapshot() throws Exception {
        start(config -> config.snapshotEveryEntries(100).retainEntries(100_000));
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 20));
        int leader = cluster.awaitLeader().id();
        int follower = followerOf(leader);
        cluster.halt(follower);
        acked.addAll(cluster.append("while-down", 260));
        snapshotNow(leader);
        cluster.start(follower);
        acked.addAll(cluster.append("after", 20));
        cluster.checkAcknowledged(acked);
        assertEquals(0, cluster.node(follower).counters().snapshotsInstalled(),
            "the follower lagged behind the leader's snapshot but within its retained log: " + cluster.node(follower).counters());
        assertEquals(0, cluster.node(leader).counters().chunkBytesSent(), "no snapshot chunk was needed");
    }

    @Test
    void aFollowerBehindTheRetainedLogCatchesUpThroughASnapshot() throws Exception {
        start(config -> config.snapshotEveryEntries(100).retainEntries(10).segmentLengthBytes(64 * 1024));
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 20));
        int leader = cluster.awaitLeader().id();
        int follower = followerOf(leader);
        cluster.halt(follower);
        acked.addAll(cluster.append("while-down", 400, 200));
        snapshotNow(leader);
        assertTrue(cluster.node(leader).logFirstIndex() > 2, "the leader compacted the entries the follower misses");
        cluster.start(follower);
        acked.addAll(cluster.append("after", 20));
        cluster.checkAcknowledged(acked);
        NodeCounters counters = cluster.node(follower).counters();
        assertTrue(counters.snapshotsInstalled() >= 1, "the follower installed a snapshot: " + counters);
        assertTrue(counters.chunkBytesReceived() > 0, counters.toString());
    }

    @Test
    void aTransferInterruptedByAFollowerRestartResumesFromTheBytesItHolds() throws Exception {
        // 1.3 MB of incompressible state at 512 KiB/s: a transfer of a few seconds, in 16 KiB chunks.
        start(config -> config.snapshotEveryEntries(1_000_000).retainEntries(10).segmentLengthBytes(256 * 1024)
            .snapshotBytesPerSecond(512 * 1024).snapshotChunkBytes(16 * 1024).snapshotInflightBytes(64 * 1024));
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 20));
        int leader = cluster.awaitLeader().id();
        int follower = followerOf(leader);
        cluster.halt(follower);
        acked.addAll(cluster.append("while-down", 1200, 1024));
        for (int id : cluster.members()) {
            if (id != follower) {
                snapshotNow(id); // whoever leads next streams its own
            }
        }
        cluster.start(follower);
        LocalCluster.await(() -> cluster.node(follower).counters().chunkBytesReceived() >= 400 * 1024,
            () -> "the follower to receive 400 KiB of the snapshot: follower " + cluster.node(follower).counters() + ", leader " +
                cluster.awaitLeaderQuietly().counters() + ", " + cluster.describe());
        long receivedBeforeRestart = cluster.node(follower).counters().chunkBytesReceived();
        acked.addAll(cluster.append("during-transfer", 20)); // the throttled transfer does not starve the others
        cluster.halt(follower);
        cluster.start(follower);
        acked.addAll(cluster.append("after", 20));
        cluster.checkAcknowledged(acked);

        NodeCounters counters = cluster.node(follower).counters();
        long snapshotBytes = installedSnapshotBytes(follower);
        assertEquals(1, counters.snapshotsInstalled(), counters.toString());
        assertTrue(counters.partialBytesAtStart() >= receivedBeforeRestart,
            "the restarted follower found the " + receivedBeforeRestart + " bytes it had received: " + counters);
        assertEquals(snapshotBytes - counters.partialBytesAtStart(), counters.chunkBytesReceived(),
            "after the restart the transfer went on from byte " + counters.partialBytesAtStart() + " of " + snapshotBytes +
                ", not from byte 0");
    }

    /** Snapshots the node now, waiting for one its policy started to finish first. */
    private void snapshotNow(int id) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                cluster.node(id).snapshotNow().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt > 100 || !(e.getCause() instanceof IllegalStateException)) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private long installedSnapshotBytes(int id) throws Exception {
        SnapshotStore store = NodeDirectory.of(cluster.nodeDirectory(id)).snapshotStore();
        SnapshotInfo newest = store.newestValid().orElseThrow();
        return newest.fileLengthBytes();
    }
}

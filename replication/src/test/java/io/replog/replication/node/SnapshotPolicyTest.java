package io.replog.replication.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

class SnapshotPolicyTest {
    @TempDir
    Path directory;

    /**
     * A node checks its snapshot policy when a Ready ends, and skips while a snapshot is being written: the
     * entries applied meanwhile must be snapshotted when that one ends, even if nothing else happens then.
     * (Found as a flaky {@code CommittedReaderTest}: on a loaded machine its slow first snapshot left the log
     * uncompacted for good.)
     */
    @Test
    void entriesAppliedWhileASnapshotIsWrittenAreSnapshottedWhenItEndsThoughNothingMoreArrives() throws Exception {
        try (LocalCluster cluster = new LocalCluster(directory, 3, config -> config.snapshotEveryEntries(50)
            .retainEntries(5).segmentLengthBytes(64 * 1024))) {
            cluster.startAll();
            cluster.awaitLeader();
            CountDownLatch gate = new CountDownLatch(1);
            for (int id : cluster.members()) {
                cluster.machine(id).snapshotGate = gate;
            }
            // The first snapshot (about index 50) waits at the gate while all 400 are applied; 64 KiB segments hold
            // about 150 of them, so compacting behind that snapshot deletes nothing.
            cluster.append("while-a-snapshot-is-written", 400, 400);
            gate.countDown();
            for (int id : cluster.members()) {
                ReplogNode node = cluster.node(id);
                LocalCluster.await(() -> node.logFirstIndex() > 1,
                    "node " + id + " to snapshot what it applied meanwhile and compact its log");
            }
        }
    }
}

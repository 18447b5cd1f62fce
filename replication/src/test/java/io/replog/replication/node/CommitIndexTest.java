package io.replog.replication.node;

import io.replog.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a node publishes to other threads never runs behind what it has acknowledged: once an append's
 * future completes, the leader's {@code commitIndex()} and {@code appliedIndex()} both cover its index,
 * whether read in the completion (on the node's thread) or after it. A test waiting for replicas to
 * converge on the leader's commit index relies on this.
 */
class CommitIndexTest {
    @TempDir
    Path directory;

    @Test
    void anAcknowledgedAppendIsCoveredByTheLeadersCommitAndAppliedIndexes() throws Exception {
        List<String> behind = new CopyOnWriteArrayList<>();
        try (LocalCluster cluster = new LocalCluster(directory, 3, config -> config.syncPolicy(SyncPolicy.BATCH))) {
            cluster.startAll();
            ReplogNode leader = cluster.awaitLeader();
            for (int i = 0; i < 400; i++) {
                CommitResult result = leader.append(("entry-" + i).getBytes(StandardCharsets.UTF_8))
                    .whenComplete((done, failure) -> {
                        if (done != null && (leader.commitIndex() < done.index() || leader.appliedIndex() < done.index())) {
                            behind.add("in the completion: index " + done.index() + ", commitIndex " +
                                leader.commitIndex() + ", appliedIndex " + leader.appliedIndex());
                        }
                    }).get(10, TimeUnit.SECONDS);
                if (leader.commitIndex() < result.index() || leader.appliedIndex() < result.index()) {
                    behind.add("after it: index " + result.index() + ", commitIndex " + leader.commitIndex() +
                        ", appliedIndex " + leader.appliedIndex());
                }
            }
        }
        assertEquals(List.of(), behind.subList(0, Math.min(5, behind.size())), behind.size() + " times behind");
    }
}

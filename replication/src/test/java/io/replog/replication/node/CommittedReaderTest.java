package io.replog.replication.node;

import io.replog.replication.raft.LogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ReplogNode#reader}: tailing committed entries from another thread. */
class CommittedReaderTest {
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

    /** Reads every entry up to {@code lastIndex}, checking they come in order with no gap. */
    private static List<LogEntry> readUpTo(CommittedReader reader, long lastIndex) throws InterruptedException {
        List<LogEntry> read = new ArrayList<>();
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (reader.nextIndex() <= lastIndex) {
            long expected = reader.nextIndex();
            LogEntry entry = reader.poll(100, TimeUnit.MILLISECONDS);
            if (entry != null) {
                assertEquals(expected, entry.index(), "entries come in order, without gaps");
                read.add(entry);
            }
            assertTrue(System.nanoTime() < deadlineNs, "the reader stalled at index " + reader.nextIndex());
        }
        return read;
    }

    private static void assertHoldsAcknowledged(List<LogEntry> read, List<LocalCluster.Acked> acked) {
        Map<Long, byte[]> byIndex = new HashMap<>();
        read.forEach(entry -> byIndex.put(entry.index(), entry.data()));
        for (LocalCluster.Acked append : acked) {
            assertArrayEquals(append.payload(), byIndex.get(append.index()), "the reader's entry at acknowledged index " + append.index());
        }
    }

    @Test
    void aReaderOnAFollowerFollowsNewCommitsInOrder() throws Exception {
        start(config -> { });
        int leader = cluster.awaitLeader().id();
        int follower = cluster.members().stream().filter(id -> id != leader).findFirst().orElseThrow();
        try (CommittedReader reader = cluster.node(follower).reader(1, 16)) {
            List<LocalCluster.Acked> acked = cluster.append("tailed", 300);
            long last = Math.max(cluster.awaitLeader().commitIndex(), acked.stream().mapToLong(LocalCluster.Acked::index).max().orElseThrow());
            List<LogEntry> read = readUpTo(reader, last);
            assertHoldsAcknowledged(read, acked);
            assertNull(reader.poll(50, TimeUnit.MILLISECONDS), "nothing was committed after index " + last);
        }
    }

    @Test
    void aReaderAfterARestartCatchesUpFromTheLog() throws Exception {
        start(config -> { });
        List<LocalCluster.Acked> acked = cluster.append("before-restart", 200);
        int node = cluster.awaitLeader().id();
        long last = acked.stream().mapToLong(LocalCluster.Acked::index).max().orElseThrow();
        cluster.halt(node);
        cluster.start(node);
        try (CommittedReader reader = cluster.node(node).reader(1)) {
            assertHoldsAcknowledged(readUpTo(reader, last), acked);
        }
    }

    @Test
    void aReaderOfCompactedEntriesIsToldWhichSnapshotToLoad() throws Exception {
        start(config -> config.snapshotEveryEntries(50).retainEntries(5).segmentLengthBytes(64 * 1024));
        List<LocalCluster.Acked> acked = cluster.append("compacted", 400, 400);
        ReplogNode leader = cluster.awaitLeader();
        LocalCluster.await(() -> leader.logFirstIndex() > 1, "the leader to compact its log");
        CommittedReader reader = leader.reader(1);
        EntriesCompactedException compacted = assertThrows(EntriesCompactedException.class,
            () -> reader.poll(10, TimeUnit.SECONDS));
        assertTrue(compacted.resumeIndex() > 1, compacted.getMessage());
        assertNotNull(compacted.snapshotFile(), compacted.getMessage());
        assertTrue(compacted.getMessage().contains("restore it"), compacted.getMessage());
        long last = acked.stream().mapToLong(LocalCluster.Acked::index).max().orElseThrow();
        EntriesCompactedException latest = compacted;
        while (latest != null && latest.resumeIndex() <= last) {
            try (CommittedReader resumed = leader.reader(latest.resumeIndex())) {
                List<LogEntry> read = readUpTo(resumed, last);
                assertEquals(latest.resumeIndex(), read.get(0).index());
                latest = null;
            } catch (EntriesCompactedException again) {
                // Snapshots are taken after the appends returned, asynchronously: one may compact the log past the
                // resume index meanwhile. The reader is then told again where to resume, which is what this proves.
                assertTrue(again.resumeIndex() > latest.resumeIndex(), again.getMessage());
                latest = again;
            }
        }
    }
}

package io.replog.replication.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Appender}s on a 3-node cluster in this JVM: what they append commits, in order, and is always answered. */
class AppenderClusterTest {
    @TempDir
    Path directory;
    private LocalCluster cluster;

    /** Remembers every answer by correlation id; a second answer to one id is a failure of its own. */
    private static final class Answers implements AppendListener {
        final Map<Long, Long> committed = new ConcurrentHashMap<>();
        final Map<Long, RuntimeException> failed = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> answeredTwice = new ConcurrentLinkedQueue<>();

        @Override
        public void onCommitted(long correlationId, long index, byte[] result) {
            if (committed.put(correlationId, index) != null || failed.containsKey(correlationId)) {
                answeredTwice.add(correlationId);
            }
        }

        @Override
        public void onFailed(long correlationId, RuntimeException cause) {
            if (failed.put(correlationId, cause) != null || committed.containsKey(correlationId)) {
                answeredTwice.add(correlationId);
            }
        }

        int answered() {
            return committed.size() + failed.size();
        }
    }

    /** Three nodes with the test defaults; returns the leader. */
    private ReplogNode startCluster() throws Exception {
        cluster = new LocalCluster(directory, 3, config -> { });
        cluster.startAll();
        return cluster.awaitLeader();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void commandsFromSeveralThreadsCommitOnEveryNodeInTheOrderEachThreadAppended() throws Exception {
        ReplogNode leader = startCluster();
        Answers answers = new Answers();
        Appender first = leader.appender(answers);
        Appender second = leader.appender(answers);
        int threads = 4;
        int perThread = 500;
        List<Thread> writers = new ArrayList<>();
        Map<Long, byte[]> sent = new ConcurrentHashMap<>();
        for (int t = 0; t < threads; t++) {
            Appender appender = t % 2 == 0 ? first : second;
            int thread = t;
            writers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    byte[] command = ("thread " + thread + " command " + i).getBytes(StandardCharsets.US_ASCII);
                    long correlationId = thread * 1_000_000L + i;
                    sent.put(correlationId, command);
                    while (!appender.tryAppend(new UnsafeBuffer(command), 0, command.length, correlationId)) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
        LocalCluster.await(() -> answers.answered() == threads * perThread,
            () -> answers.answered() + " of " + threads * perThread + " commands answered; " + cluster.describe());

        assertTrue(answers.failed.isEmpty(), "with a steady leader nothing fails: " + answers.failed);
        assertTrue(answers.answeredTwice.isEmpty(), "answered twice: " + answers.answeredTwice);
        List<LocalCluster.Acked> acked = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long previous = 0;
            for (int i = 0; i < perThread; i++) {
                long correlationId = t * 1_000_000L + i;
                long index = answers.committed.get(correlationId);
                assertTrue(index > previous, "thread " + t + "'s command " + i + " committed at " + index +
                    ", not after its previous one at " + previous);
                previous = index;
                acked.add(new LocalCluster.Acked(index, sent.get(correlationId)));
            }
        }
        assertEquals(threads * perThread, acked.stream().mapToLong(LocalCluster.Acked::index).distinct().count(),
            "every command has an index of its own");
        cluster.checkAcknowledged(acked);
    }

    @Test
    void aFollowerRefusesNamingTheLeader() throws Exception {
        ReplogNode leader = startCluster();
        ReplogNode follower = cluster.node(leader.id() % 3 + 1);
        Answers answers = new Answers();
        byte[] command = {1, 2, 3};
        assertTrue(follower.appender(answers).tryAppend(new UnsafeBuffer(command), 0, 3, 5));
        LocalCluster.await(() -> answers.answered() == 1, "the follower to answer");
        NotLeaderException refused = assertInstanceOf(NotLeaderException.class, answers.failed.get(5L));
        assertEquals(leader.id(), refused.leaderId());
        assertNull(answers.committed.get(5L));
    }

    /** Closing the leader while appenders write: each command taken gets exactly one answer, committed or failed. */
    @Test
    void everyCommandTakenIsAnsweredOnceWhenTheLeaderCloses() throws Exception {
        ReplogNode leader = startCluster();
        Answers answers = new Answers();
        Appender appender = leader.appender(answers);
        AtomicLong taken = new AtomicLong();
        Thread writer = new Thread(() -> {
            byte[] command = new byte[100];
            try {
                for (long id = 1; ; id++) {
                    while (!appender.tryAppend(new UnsafeBuffer(command), 0, command.length, id)) {
                        Thread.onSpinWait();
                    }
                    taken.set(id);
                }
            } catch (IllegalStateException stopped) {
                // the node is stopped: tryAppend refuses from now on
            }
        });
        writer.start();
        LocalCluster.await(() -> answers.committed.size() >= 500, "500 commits before the close");
        leader.close();
        writer.join();
        LocalCluster.await(() -> answers.answered() == taken.get(),
            () -> answers.answered() + " of " + taken.get() + " commands taken were answered");
        assertTrue(answers.answeredTwice.isEmpty(), "answered twice: " + answers.answeredTwice);
        for (long id = 1; id <= taken.get(); id++) {
            assertTrue(answers.committed.containsKey(id) || answers.failed.containsKey(id), "command " + id + " unanswered");
        }
    }

    /**
     * Steady-state replication allocates nothing per entry: after 20,000 commands of 64 bytes appended through an
     * appender, in the best of three windows of 5,000 more ({@link AllocationProbe#bestPerEntry}: why the best) each
     * node's thread allocates less than 2 bytes per entry (measured: 0.1-0.2 B; before recycled views, followers
     * 55-58 B and the leader 103-107 B through futures). No snapshots and 64 MiB segments: what those allocate is
     * per snapshot and per segment. The cores run as in production: with assertions on (as in every
     * test) a core's message pool poisons what it gets back and makes every message new ({@code MessagePool}).
     * Allocation, not time: the JVM counts each thread's bytes exactly.
     */
    @Test
    void steadyStateReplicationAllocatesNothingPerEntry() throws Exception {
        ClassLoader loader = io.replog.replication.raft.RaftNode.class.getClassLoader();
        String core = io.replog.replication.raft.RaftNode.class.getName();
        loader.setClassAssertionStatus(core, false); // what the cores read as they start (desiredAssertionStatus)
        try {
            cluster = new LocalCluster(directory, 3, config -> config.snapshotEveryEntries(10_000_000)
                .segmentLengthBytes(64 * 1024 * 1024)).recordCommands(false);
            cluster.startAll();
        } finally {
            loader.setClassAssertionStatus(core, true);
        }
        ReplogNode leader = cluster.awaitLeader();
        Answers ignored = new Answers();
        AtomicLong committed = new AtomicLong();
        Appender appender = leader.appender(new AppendListener() {
            @Override
            public void onCommitted(long correlationId, long index, byte[] result) {
                committed.incrementAndGet();
            }

            @Override
            public void onFailed(long correlationId, RuntimeException cause) {
                ignored.onFailed(correlationId, cause);
            }
        });
        UnsafeBuffer command = new UnsafeBuffer(new byte[64]);
        AllocationProbe.appendWindowed(appender, command, committed, 20_000);
        Map<String, Double> best = AllocationProbe.bestPerEntry(leader, appender, committed, command, 5_000);
        assertTrue(ignored.failed.isEmpty(), "nothing failed: " + ignored.failed);
        assertEquals(3, best.size(), "three node threads measured: " + best);
        for (Map.Entry<String, Double> thread : best.entrySet()) {
            assertTrue(thread.getValue() < 2, thread.getKey() + " allocated at best " + thread.getValue() +
                " B per entry (an object per entry would be 16 B or more): " + best);
        }
    }
}

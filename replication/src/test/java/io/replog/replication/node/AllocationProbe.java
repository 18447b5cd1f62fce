package io.replog.replication.node;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Not a test (no timing or allocation is asserted anywhere): a main that runs a 3-node cluster in
 * this JVM and prints the bytes each node's duty-cycle thread allocates per committed entry in steady
 * state, leader and followers apart, with commands appended through an {@link Appender} (256 unanswered at a time).
 * The state machines only read the commands (they keep nothing).
 * <pre>
 *   java -cp ... io.replog.replication.node.AllocationProbe [entries] [payloadBytes]
 * </pre>
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path directory = Files.createTempDirectory("replog-allocation");
        try (LocalCluster cluster = new LocalCluster(directory, 3, config -> config.snapshotEveryEntries(10_000_000)
            .segmentLengthBytes(64 * 1024 * 1024))) {
            cluster.recordCommands(false).startAll();
            int leader = cluster.awaitLeader().id();
            java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
            Appender appender = cluster.node(leader).appender(new AppendListener() {
                @Override
                public void onCommitted(long correlationId, long index, byte[] result) {
                    answered.incrementAndGet();
                }

                @Override
                public void onFailed(long correlationId, RuntimeException cause) {
                    throw new IllegalStateException("append " + correlationId + " failed", cause);
                }
            });
            org.agrona.concurrent.UnsafeBuffer command = new org.agrona.concurrent.UnsafeBuffer(new byte[payloadBytes]);
            appendWindowed(appender, command, answered, entries / 2);
            Map<String, Double> best = bestPerEntry(cluster.node(leader), appender, answered, command, entries / 3);
            System.out.printf("3 windows of %d entries of %d bytes; leader is node %d%n", entries / 3, payloadBytes, leader);
            for (Map.Entry<String, Double> thread : best.entrySet()) {
                System.out.printf("  %-16s %s %8.2f bytes allocated per committed entry (best window)%n", thread.getKey(),
                    thread.getKey().endsWith("-" + leader) ? "(leader)  " : "(follower)", thread.getValue());
            }
        }
    }

    /**
     * Bytes each node thread allocates per committed entry, the best of three windows of {@code windowEntries}
     * commands each: the log's index of its first segment grows by half now and then (one array per node, kept as
     * the index), which may fall in one or two windows, never all three.
     */
    static Map<String, Double> bestPerEntry(ReplogNode leader, Appender appender, java.util.concurrent.atomic.AtomicLong answered,
                                            org.agrona.concurrent.UnsafeBuffer command, int windowEntries)
        throws InterruptedException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        Map<String, Double> best = new java.util.TreeMap<>();
        for (int window = 0; window < 3; window++) {
            Map<String, Long> before = nodeThreadAllocations(threads);
            long committedBefore = leader.commitIndex();
            appendWindowed(appender, command, answered, windowEntries);
            long committed = leader.commitIndex() - committedBefore;
            Map<String, Long> after = nodeThreadAllocations(threads);
            for (Map.Entry<String, Long> thread : after.entrySet()) {
                double perEntry = (double)(thread.getValue() - before.getOrDefault(thread.getKey(), 0L)) / committed;
                best.merge(thread.getKey(), perEntry, Math::min);
            }
        }
        return best;
    }

    /** Appends {@code count} commands, at most 256 unanswered at a time, and waits for the last answer. */
    static void appendWindowed(Appender appender, org.agrona.concurrent.UnsafeBuffer command,
                               java.util.concurrent.atomic.AtomicLong answered, int count) throws InterruptedException {
        long start = answered.get();
        for (int sent = 0; sent < count; ) {
            if (sent - (answered.get() - start) < 256 && appender.tryAppend(command, 0, command.capacity(), sent)) {
                sent++;
            } else {
                Thread.onSpinWait();
            }
        }
        LocalCluster.await(() -> answered.get() - start >= count, () -> (answered.get() - start) + " of " + count + " answered");
    }

    private static Map<String, Long> nodeThreadAllocations(com.sun.management.ThreadMXBean threads) {
        Map<String, Long> allocated = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("replog-node-")) {
                allocated.put(thread.getName(), threads.getThreadAllocatedBytes(thread.getId()));
            }
        }
        return new java.util.TreeMap<>(allocated);
    }
}

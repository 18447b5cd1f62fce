package io.replog.bench.core;

import java.lang.management.ManagementFactory;

/**
 * Not a test: prints the bytes the Raft cores allocate in steady-state replication, per message stepped (all the
 * node's core calls but {@code propose}: step, ready, advance, recycle) and per committed entry (every core call),
 * leader and followers apart, with the host's own allocation (in-memory storage, queues) shown
 * separately. Single-threaded and deterministic: a {@link CoreCluster} of 3 cores, 64-byte payloads and 32
 * proposals in flight by default.
 * <pre>
 *   java -cp bench/target/replog-bench.jar io.replog.bench.core.CoreAllocationProbe [entries] [payloadBytes] [window]
 * </pre>
 * {@code RaftCoreBenchmark} measures the same loop under JMH ({@code -prof gc}), host included.
 * <p>
 * It also prints the thread's CPU time per committed entry, from a run before the attributed one. That figure
 * settles only after a long warm-up (the first argument is also the warm-up: 10,000,000 gives steady figures), and
 * varies from run to run more than the allocation does (under G1 with its default young generation, some runs are
 * twice as slow as others; with {@code -Xmn512m} or {@code -XX:+UseSerialGC} they agree). Run it several times.
 */
public final class CoreAllocationProbe {
    private static final int BATCH_ENTRIES = 256;

    private CoreAllocationProbe() {
    }

    /**
     * Commits in batches of {@link #BATCH_ENTRIES}, as the JMH benchmark does: one long call would run in code
     * compiled on stack replacement, which the JIT optimizes differently (and measures differently).
     */
    private static long commitInBatches(CoreCluster cluster, int entries) {
        long commitIndex = cluster.leader().commitIndex();
        for (int committed = 0; committed < entries; committed += BATCH_ENTRIES) {
            commitIndex = cluster.commit(BATCH_ENTRIES);
        }
        return commitIndex;
    }

    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int payloadBytes = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        CoreCluster cluster = new CoreCluster(3, payloadBytes, window);
        commitInBatches(cluster, entries); // warm-up: JIT, pools and buffers at their steady sizes
        // CPU time of the thread, not wall time, so that other work on the machine disturbs it less; no attribution yet.
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBeforeNs = System.nanoTime();
        long cpuCommitBefore = cluster.leader().commitIndex();
        long cpuCommitted = commitInBatches(cluster, entries) - cpuCommitBefore;
        double cpuNsPerEntry = (double)(threads.getCurrentThreadCpuTime() - cpuBefore) / cpuCommitted;
        double wallNsPerEntry = (double)(System.nanoTime() - wallBeforeNs) / cpuCommitted;
        cluster.attribute(true);
        long threadBefore = threads.getCurrentThreadAllocatedBytes();
        long commitBefore = cluster.leader().commitIndex();
        long committed = commitInBatches(cluster, entries) - commitBefore;
        long threadBytes = threads.getCurrentThreadAllocatedBytes() - threadBefore;
        cluster.attribute(false);
        System.out.printf("%d entries of %d bytes committed by %d cores, %d proposals in flight%n", committed, payloadBytes,
            cluster.size(), window);
        for (int i = 0; i < cluster.size(); i++) {
            long stepped = cluster.messagesStepped[i];
            // A leader's proposals are not messages: their cost is shown apart, and left out of its per-message figure.
            long messageBytes = cluster.coreBytes[i] - (i == 0 ? cluster.proposeBytes : 0);
            System.out.printf("  node %d %s %8.1f bytes per message stepped (%d messages) %8.1f bytes per committed entry%n", i + 1,
                i == 0 ? "(leader)  " : "(follower)", stepped == 0 ? 0.0 : (double)messageBytes / stepped, stepped,
                (double)cluster.coreBytes[i] / committed);
        }
        System.out.printf("  of which the leader's propose %8.1f bytes per committed entry%n", (double)cluster.proposeBytes / committed);
        System.out.printf("  host (storage, queues)       %8.1f bytes per committed entry%n", (double)cluster.hostBytes / committed);
        System.out.printf("  thread in all                %8.1f bytes per committed entry%n", (double)threadBytes / committed);
        System.out.printf("  CPU time (unattributed run)  %8.1f ns per committed entry, all three cores and the host (wall %.1f ns)%n",
            cpuNsPerEntry, wallNsPerEntry);
    }
}

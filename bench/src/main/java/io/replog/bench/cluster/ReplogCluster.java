package io.replog.bench.cluster;

import io.replog.replication.node.AppendListener;
import io.replog.replication.node.Appender;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.transport.LoopbackPorts;
import io.replog.replication.transport.TransportCounters;
import io.replog.wal.SyncPolicy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * replog itself: {@code nodes} {@link ReplogNode}s on loopback UDP, each with its embedded media
 * driver and a {@link ByteCountingStateMachine}; commands are appended on the leader, in this
 * process, through an {@link Appender} (allocation-free, as Aeron Cluster's client is), and a command counts as
 * acknowledged when the appender's listener hears it committed (by a majority, and applied on the leader). Snapshots are off, as they are for the peers, so the figures are the log's.
 */
final class ReplogCluster implements ClusterSystem {
    private static final long LEADER_TIMEOUT_MS = 20_000;
    /** Cluster ids keep two clusters of one JVM (tests run several) apart on the wire and in /dev/shm. */
    private static final AtomicInteger NEXT_CLUSTER_ID = new AtomicInteger(0xBE00);

    @Override
    public String name() {
        return "replog";
    }

    @Override
    public String durability(ClusterSpec spec) {
        String spares = spec.sparseSpares() ? "; sparse spares (blocks taken as appends write them)" :
            "; spares' zeros written ahead";
        return (spec.sync() == SyncPolicy.NONE ? "SyncPolicy.NONE: nothing forced" :
            "SyncPolicy." + spec.sync() + ": each node forces its log once per batch of Raft work before it " +
                "acknowledges (group commit)") + spares;
    }

    @Override
    public RunningCluster start(Path directory, ClusterSpec spec) throws IOException {
        int clusterId = NEXT_CLUSTER_ID.getAndIncrement();
        List<String> endpoints = new ArrayList<>();
        for (int id = 1; id <= spec.nodes(); id++) {
            endpoints.add(LoopbackPorts.HOST + ":" + LoopbackPorts.next());
        }
        List<ReplogNode> nodes = new ArrayList<>();
        try {
            for (int id = 1; id <= spec.nodes(); id++) {
                NodeConfig config = new NodeConfig().id(id).clusterId(clusterId)
                    .directory(directory.resolve("node-" + id)).syncPolicy(spec.sync())
                    .snapshotEveryEntries(Long.MAX_VALUE).mtuBytes(spec.mtuBytes()).reserveLogSpace(!spec.sparseSpares());
                for (int member = 1; member <= spec.nodes(); member++) {
                    config.member(member, endpoints.get(member - 1));
                }
                nodes.add(ReplogNode.start(config, new ByteCountingStateMachine()));
            }
            return new Running(nodes, awaitLeader(nodes), spec.payload());
        } catch (IOException | RuntimeException e) {
            nodes.forEach(ReplogNode::close);
            throw e;
        }
    }

    private static ReplogNode awaitLeader(List<ReplogNode> nodes) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_TIMEOUT_MS);
        while (System.nanoTime() - deadlineNs < 0) {
            for (ReplogNode node : nodes) {
                if (node.isLeader()) {
                    return node;
                }
            }
            sleepMs(5);
        }
        throw new IllegalStateException("no replog leader was elected within " + LEADER_TIMEOUT_MS + " ms");
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a leader", e);
        }
    }

    private static final class Running implements RunningCluster, AppendListener {
        private final List<ReplogNode> nodes;
        private final Appender appender;
        private final UnsafeBuffer payload;
        /** The round's tracker; the listener reports to it on the leader's thread. */
        private volatile CommitTracker tracker;

        Running(List<ReplogNode> nodes, ReplogNode leader, byte[] payload) {
            this.nodes = nodes;
            this.appender = leader.appender(this);
            this.payload = new UnsafeBuffer(payload);
        }

        /** Pushes back only when the leader's append buffer (4 MiB) is full: far above the window. */
        @Override
        public boolean trySend(int sequence, CommitTracker tracker) {
            if (this.tracker != tracker) {
                this.tracker = tracker;
            }
            return appender.tryAppend(payload, 0, payload.capacity(), sequence);
        }

        @Override
        public void onCommitted(long correlationId, long index, byte[] result) {
            tracker.committed((int)correlationId);
        }

        @Override
        public void onFailed(long correlationId, RuntimeException cause) {
            tracker.failed((int)correlationId, cause);
        }

        @Override
        public int poll() {
            return 0;
        }

        @Override
        public boolean acknowledgesOnItsOwnThreads() {
            return true;
        }

        /** Frames a node's transport dropped (Raft resends them, after a heartbeat or a rejection: latency). */
        @Override
        public String warnings() {
            StringBuilder dropped = new StringBuilder();
            for (ReplogNode node : nodes) {
                TransportCounters counters = node.transportCounters();
                long lost = counters.droppedBackPressured() + counters.droppedNotConnected();
                if (lost > 0) {
                    dropped.append(dropped.length() == 0 ? "frames dropped by the transport (back pressured, " +
                        "not connected): " : ", ").append("node ").append(node.id()).append(' ')
                        .append(counters.droppedBackPressured()).append('/').append(counters.droppedNotConnected())
                        .append(" of ").append(counters.sent()).append(" sent");
                }
            }
            return dropped.length() == 0 ? null : dropped.toString();
        }

        @Override
        public void close() {
            nodes.forEach(ReplogNode::close);
        }
    }
}

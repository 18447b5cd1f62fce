package io.replog.bench.cluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import io.replog.wal.SyncPolicy;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Aeron Cluster as the peer: {@code nodes} {@link AeronClusterNode}s on loopback UDP and an
 * {@link AeronCluster} client on the leader's media driver, over IPC ingress and egress (the
 * nearest Aeron Cluster gets to replog's append on the leader, in its process). A command is
 * acknowledged when the leader's {@link EchoService} answer reaches the client, i.e. after the
 * consensus module committed it and the service processed it.
 * <p>
 * Equal durability: under {@code batch} and {@code always} the archive and the consensus module run
 * with file sync level 1, so a member reports a log position as appended only once the archive
 * forced it, and the leader commits what a majority forced; under {@code none}, level 0.
 */
final class AeronClusterPeer implements ClusterSystem {
    private static final long LEADER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final AtomicInteger NEXT_RUN = new AtomicInteger();

    @Override
    public String name() {
        return "aeron-cluster";
    }

    @Override
    public String durability(ClusterSpec spec) {
        return "archive and consensus module fileSyncLevel " + fileSyncLevel(spec) +
            (fileSyncLevel(spec) == 1 ? " (a recorded block is forced before its position counts for the commit)" :
                " (nothing forced)");
    }

    private static int fileSyncLevel(ClusterSpec spec) {
        return spec.sync() == SyncPolicy.NONE ? 0 : 1;
    }

    @Override
    public RunningCluster start(Path directory, ClusterSpec spec) throws IOException {
        List<AeronClusterNode.Ports> ports = new ArrayList<>();
        StringJoiner members = new StringJoiner("|");
        for (int id = 0; id < spec.nodes(); id++) {
            AeronClusterNode.Ports free = AeronClusterNode.Ports.free();
            ports.add(free);
            members.add(free.member(id));
        }
        Files.createDirectories(directory);
        Errors errors = new Errors();
        String shm = Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        String aeronPrefix = shm + "/replog-bench-aeron-" + ProcessHandle.current().pid() + "-" + NEXT_RUN.incrementAndGet();
        List<AeronClusterNode> nodes = new ArrayList<>();
        try {
            for (int id = 0; id < spec.nodes(); id++) {
                nodes.add(AeronClusterNode.launch(id, members.toString(), ports.get(id), directory.resolve("node-" + id),
                    aeronPrefix + "-node-" + id, fileSyncLevel(spec), spec.mtuBytes(), errors));
            }
            AeronClusterNode leader = awaitLeader(nodes, errors);
            return new Running(nodes, connect(leader, errors), spec, errors);
        } catch (RuntimeException e) {
            errors.closing();
            nodes.forEach(CloseHelper::quietClose);
            throw e;
        }
    }

    private static AeronClusterNode awaitLeader(List<AeronClusterNode> nodes, Errors errors) {
        long deadlineNs = System.nanoTime() + LEADER_TIMEOUT_NS;
        while (System.nanoTime() - deadlineNs < 0) {
            errors.throwIfAny();
            for (AeronClusterNode node : nodes) {
                if (node.isLeader()) {
                    return node;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an Aeron Cluster leader", e);
            }
        }
        throw new IllegalStateException("Aeron Cluster elected no leader within " +
            TimeUnit.NANOSECONDS.toSeconds(LEADER_TIMEOUT_NS) + " s");
    }

    private static Running.Client connect(AeronClusterNode leader, Errors errors) {
        Running.Client client = new Running.Client();
        client.cluster = AeronCluster.connect(new AeronCluster.Context()
            .aeronDirectoryName(leader.aeronDirectory())
            .ingressChannel("aeron:ipc")
            .egressChannel("aeron:ipc")
            .egressListener(client)
            .errorHandler(errors)
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(10)));
        return client;
    }

    /**
     * Errors of the members' agents: the first one fails the run; warnings (a follower's log image
     * lost and rejoined, on a starved machine) are counted, as they only fail the run if the leader
     * goes; what is raised while stopping does not count.
     */
    private static final class Errors implements org.agrona.ErrorHandler {
        private final AtomicReference<Throwable> first = new AtomicReference<>();
        private final AtomicReference<Throwable> firstWarning = new AtomicReference<>();
        private final AtomicInteger warnings = new AtomicInteger();
        private volatile boolean closing;

        @Override
        public void onError(Throwable throwable) {
            if (closing) {
                return;
            }
            if (throwable instanceof AeronException aeron && aeron.category() == AeronException.Category.WARN) {
                warnings.incrementAndGet();
                firstWarning.compareAndSet(null, throwable);
            } else {
                first.compareAndSet(null, throwable);
            }
        }

        String warnings() {
            int count = warnings.get();
            return count == 0 ? null : count + " warning(s) from the members, the first: " + firstWarning.get();
        }

        void closing() {
            closing = true;
        }

        void throwIfAny() {
            Throwable error = first.get();
            if (error != null) {
                throw new IllegalStateException("Aeron Cluster failed: " + error, error);
            }
        }
    }

    private static final class Running implements RunningCluster {
        private final List<AeronClusterNode> nodes;
        private final Client client;
        private final UnsafeBuffer command;
        private final Errors errors;

        /** The client and its egress listener: only the load thread uses it. */
        static final class Client implements EgressListener {
            AeronCluster cluster;
            CommitTracker tracker;

            @Override
            public void onMessage(long clusterSessionId, long timestamp, DirectBuffer buffer, int offset, int length,
                                  Header header) {
                tracker.committed(buffer.getInt(offset));
            }
        }

        Running(List<AeronClusterNode> nodes, Client client, ClusterSpec spec, Errors errors) {
            this.nodes = nodes;
            this.client = client;
            this.command = new UnsafeBuffer(spec.payload());
            this.errors = errors;
        }

        @Override
        public boolean trySend(int sequence, CommitTracker tracker) {
            client.tracker = tracker;
            command.putInt(0, sequence);
            long result = client.cluster.offer(command, 0, command.capacity());
            if (result > 0) {
                return true;
            }
            if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) {
                return false;
            }
            errors.throwIfAny();
            throw new IllegalStateException("Aeron Cluster ingress refused command " + sequence + ": " +
                Publication.errorString(result));
        }

        @Override
        public int poll() {
            errors.throwIfAny();
            return client.cluster.pollEgress();
        }

        @Override
        public String warnings() {
            return errors.warnings();
        }

        @Override
        public void close() {
            errors.closing();
            CloseHelper.quietClose(client.cluster);
            CloseHelper.quietCloseAll(nodes);
        }
    }
}

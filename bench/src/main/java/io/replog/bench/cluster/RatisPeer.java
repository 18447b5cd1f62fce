package io.replog.bench.cluster;

import io.replog.replication.transport.LoopbackPorts;
import io.replog.wal.SyncPolicy;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Apache Ratis as the peer: {@code nodes} {@link RaftServer}s with gRPC on loopback and a
 * {@link RaftClient} sending asynchronously (Ratis has no in-process append; its client is how
 * commands reach the leader). A command is acknowledged when its reply future completes
 * successfully: committed by a majority and applied on the leader.
 * <p>
 * Equal durability: under {@code batch} and {@code always} Ratis flushes safely (a log entry counts
 * as appended on a server only once its log worker forced it; the worker forces many entries at
 * once, group commit); under {@code none} it flushes unsafely (appended before the force).
 * Election timeouts are 1-2 s: Ratis's defaults (150-300 ms) make a 2-core machine under load
 * change leaders mid-run.
 */
final class RatisPeer implements ClusterSystem {
    private static final long FIRST_COMMIT_TIMEOUT_S = 60;
    /** gRPC logs through java.util.logging (Ratis's slf4j is silenced); held so the level is not collected away. */
    private static final Logger GRPC_LOG = Logger.getLogger("org.apache.ratis.thirdparty.io.grpc");

    static {
        GRPC_LOG.setLevel(Level.WARNING);
    }

    @Override
    public String name() {
        return "ratis";
    }

    @Override
    public String durability(ClusterSpec spec) {
        return spec.sync() == SyncPolicy.NONE ? "raft.server.log.unsafe-flush.enabled=true (acknowledged before the force)" :
            "raft.server.log.unsafe-flush.enabled=false (safe flush: an entry counts once its log worker forced it)";
    }

    @Override
    public RunningCluster start(Path directory, ClusterSpec spec) throws IOException {
        List<RaftPeer> peers = new ArrayList<>();
        for (int id = 1; id <= spec.nodes(); id++) {
            peers.add(RaftPeer.newBuilder().setId("n" + id)
                .setAddress(LoopbackPorts.HOST + ":" + LoopbackPorts.next()).build());
        }
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.randomId(), peers);
        List<RaftServer> servers = new ArrayList<>();
        RaftClient client = null;
        try {
            for (RaftPeer peer : peers) {
                RaftProperties properties = properties(spec);
                RaftServerConfigKeys.setStorageDir(properties, List.of(directory.resolve(peer.getId().toString()).toFile()));
                GrpcConfigKeys.Server.setPort(properties, Integer.parseInt(peer.getAddress().split(":")[1]));
                RaftServer server = RaftServer.newBuilder().setServerId(peer.getId()).setGroup(group)
                    .setStateMachine(new RatisByteCounter()).setProperties(properties)
                    .setOption(RaftStorage.StartupOption.FORMAT).build();
                servers.add(server);
                server.start();
            }
            client = RaftClient.newBuilder().setProperties(properties(spec)).setRaftGroup(group).build();
            Message command = Message.valueOf(UnsafeByteOperations.unsafeWrap(spec.payload()));
            awaitFirstCommit(client, command);
            return new Running(servers, client, command);
        } catch (IOException | RuntimeException e) {
            closeAll(client, servers);
            throw e;
        }
    }

    private static RaftProperties properties(ClusterSpec spec) {
        RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, spec.sync() == SyncPolicy.NONE);
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(1, TimeUnit.SECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(10, TimeUnit.SECONDS));
        // The client blocks sends past its outstanding-request limit (100 by default): let the window decide.
        RaftClientConfigKeys.Async.setOutstandingRequestsMax(properties, Math.max(100, 2 * spec.inflight()));
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(30, TimeUnit.SECONDS));
        return properties;
    }

    /** The first commit proves a leader was elected and the client found it. */
    private static void awaitFirstCommit(RaftClient client, Message command) throws IOException {
        try {
            RaftClientReply reply = client.async().send(command).get(FIRST_COMMIT_TIMEOUT_S, TimeUnit.SECONDS);
            if (!reply.isSuccess()) {
                throw new IOException("Ratis refused the first command: " + reply.getException(), reply.getException());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Ratis committed no command within " + FIRST_COMMIT_TIMEOUT_S + " s: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Ratis's first commit", e);
        }
    }

    private static void closeAll(RaftClient client, List<RaftServer> servers) {
        List<AutoCloseable> all = new ArrayList<>();
        if (client != null) {
            all.add(client);
        }
        all.addAll(servers);
        for (AutoCloseable closeable : all) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Stopping after the measurement: what fails here cannot change a figure.
            }
        }
    }

    private static final class Running implements RunningCluster {
        private final List<RaftServer> servers;
        private final RaftClient client;
        private final Message command;

        Running(List<RaftServer> servers, RaftClient client, Message command) {
            this.servers = servers;
            this.client = client;
            this.command = command;
        }

        @Override
        public boolean trySend(int sequence, CommitTracker tracker) {
            client.async().send(command).whenComplete((reply, failure) -> {
                if (failure != null) {
                    tracker.failed(sequence, failure);
                } else if (!reply.isSuccess()) {
                    tracker.failed(sequence, reply.getException());
                } else {
                    tracker.committed(sequence);
                }
            });
            return true;
        }

        @Override
        public int poll() {
            return 0;
        }

        @Override
        public boolean acknowledgesOnItsOwnThreads() {
            return true;
        }

        @Override
        public void close() {
            closeAll(client, servers);
        }
    }
}

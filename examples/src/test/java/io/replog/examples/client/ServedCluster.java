package io.replog.examples.client;

import io.replog.examples.server.ClientServer;
import io.replog.examples.server.ServiceHandler;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.transport.LoopbackPorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Three nodes in this JVM (Aeron on loopback), each serving its service to clients over TCP through
 * a {@link ClientServer}: what the client tests of both services run against.
 */
final class ServedCluster implements AutoCloseable {
    /** A started node and the service its server dispatches to. */
    record Served(ReplogNode node, ServiceHandler service) {
    }

    /** Starts one node on {@code config} (its id, directory and members filled in). */
    @FunctionalInterface
    interface Starter {
        Served start(NodeConfig config) throws IOException;
    }

    private final Path directory;
    private final Starter starter;
    private final Map<Integer, String> raftEndpoints = new TreeMap<>();
    private final Map<Integer, String> clientEndpoints = new TreeMap<>();
    private final Map<Integer, ServerSocket> listeners = new TreeMap<>();
    private final Map<Integer, ReplogNode> nodes = new TreeMap<>();
    private final Map<Integer, ClientServer> servers = new TreeMap<>();

    ServedCluster(Path directory, Starter starter) throws IOException {
        this.directory = directory;
        this.starter = starter;
        for (int id = 1; id <= 3; id++) {
            raftEndpoints.put(id, LoopbackPorts.endpoint());
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(LoopbackPorts.HOST, LoopbackPorts.next()));
            listeners.put(id, listener);
            clientEndpoints.put(id, "127.0.0.1:" + listener.getLocalPort());
        }
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
    }

    private void start(int id) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(11).directory(directory.resolve("node-" + id))
            .termLengthBytes(256 * 1024).segmentLengthBytes(1 << 20).tickMs(10).timeouts(30, 3);
        raftEndpoints.forEach(config::member);
        Served served = starter.start(config);
        nodes.put(id, served.node());
        servers.put(id, ClientServer.start(served.service(), listeners.get(id), clientEndpoints,
            ClientServer.Options.DEFAULTS));
    }

    String clientEndpoint(int id) {
        return clientEndpoints.get(id);
    }

    int clientPort(int id) {
        return listeners.get(id).getLocalPort();
    }

    Iterable<ReplogNode> nodes() {
        return nodes.values();
    }

    /** A client of {@code ids}' endpoints with a generous timeout (the machine is shared). */
    ClientConfig clientConfig(int... ids) {
        ClientConfig config = new ClientConfig().timeoutMs(30_000).attemptTimeoutMs(2_000);
        for (int id : ids) {
            config.endpoints(clientEndpoints.get(id));
        }
        return config;
    }

    int awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (ReplogNode node : nodes.values()) {
                if (node.isLeader()) {
                    return node.id();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader within 60 s");
    }

    /** Waits until node {@code id} knows {@code leader} as its leader (it learns it from the leader's first message). */
    void awaitKnownLeader(int id, int leader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (nodes.get(id).leaderId() != leader) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + id + " did not learn of leader " + leader + " within 60 s");
            }
            Thread.sleep(5);
        }
    }

    /** Stops node {@code id} as a crash would: its server closes, its node halts. */
    void halt(int id) {
        servers.remove(id).close();
        nodes.remove(id).halt();
    }

    @Override
    public void close() {
        servers.values().forEach(ClientServer::close);
        nodes.values().forEach(ReplogNode::close);
    }
}

package io.replog.tools;

import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.NodeListener;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.transport.FaultInjectingTransport;
import io.replog.replication.transport.LinkFaults;
import io.replog.replication.transport.LoopbackPorts;
import io.replog.wal.SyncPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Replog nodes in this JVM, on loopback UDP, each started by the demo's mode: the demo's cluster. */
final class DemoCluster implements AutoCloseable {
    /** Starts one node of the mode's service with the cluster's configuration. */
    @FunctionalInterface
    interface NodeStarter {
        ReplogNode start(int id, NodeConfig config) throws IOException;
    }


    private final Path directory;
    private final SyncPolicy syncPolicy;
    private final long snapshotEveryEntries;
    private final long retainEntries;
    private final NodeListener listener;
    private final Map<Integer, String> endpoints = new TreeMap<>();
    /** Read by client threads while the nemesis starts and kills nodes: a concurrent map. */
    private final Map<Integer, ReplogNode> nodes = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final NodeStarter starter;
    private final LinkFaults faults = new LinkFaults();

    DemoCluster(Path directory, int size, SyncPolicy syncPolicy, long snapshotEveryEntries, long retainEntries,
                NodeListener listener, NodeStarter starter) throws IOException {
        this.starter = starter;
        this.retainEntries = retainEntries;
        this.directory = directory;
        this.syncPolicy = syncPolicy;
        this.snapshotEveryEntries = snapshotEveryEntries;
        this.listener = listener;
        for (int id = 1; id <= size; id++) {
            endpoints.put(id, LoopbackPorts.endpoint());
        }
    }

    Path nodeDirectory(int id) {
        return directory.resolve("node-" + id);
    }

    void start(int id) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(0xDE40).directory(nodeDirectory(id))
            .syncPolicy(syncPolicy).segmentLengthBytes(256 * 1024).termLengthBytes(4 * 1024 * 1024)
            .snapshotEveryEntries(snapshotEveryEntries).retainEntries(retainEntries).timeouts(30, 3).tickMs(10);
        endpoints.forEach(config::member);
        config.transportDecorator(transport -> new FaultInjectingTransport(id, transport, faults));
        ReplogNode node = starter.start(id, config);
        node.addListener(listener);
        nodes.put(id, node);
    }

    void startAll() throws IOException {
        for (int id : endpoints.keySet()) {
            start(id);
        }
    }

    Map<Integer, ReplogNode> nodes() {
        return nodes;
    }

    Optional<ReplogNode> leader() {
        ReplogNode found = null;
        for (ReplogNode node : nodes.values()) {
            if (node.isLeader() && (found == null || node.term() > found.term())) {
                found = node;
            }
        }
        return Optional.ofNullable(found);
    }

    ReplogNode awaitLeader(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            Optional<ReplogNode> leader = leader();
            if (leader.isPresent()) {
                return leader.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no leader was elected within " + timeoutMs + " ms");
    }

    /** The links between the nodes, which {@code replog chaos} cuts and heals (the demo leaves them alone). */
    LinkFaults faults() {
        return faults;
    }

    java.util.Set<Integer> members() {
        return endpoints.keySet();
    }

    /** Stops a node abruptly, without a clean close: what a crash looks like from its peers. */
    void kill(int id) {
        ReplogNode node = nodes.remove(id);
        if (node != null) {
            node.halt();
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(ReplogNode::close);
        nodes.clear();
    }
}

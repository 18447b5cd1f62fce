package io.replog.examples.pb;

import io.replog.checker.DeliveryHistory;
import io.replog.checker.Delta;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.pb.PrimaryBackupNode;
import io.replog.replication.transport.FaultInjectingTransport;
import io.replog.replication.transport.LinkFaults;
import io.replog.replication.transport.LoopbackPorts;
import io.replog.wal.SyncPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Primary-backup nodes running {@link StampedCounters} in this JVM on loopback, recording what every
 * replica delivers (through a {@link DeliveryRecorder}).
 */
final class PbCluster implements AutoCloseable {
    /** One delivered delta: its tag, and the counter name and stamp it set. */
    record Delivered(long epoch, long counter, String name, Stamp stamp) {
    }

    private final Path directory;
    private final long snapshotEveryEntries;
    private final Map<Integer, String> endpoints = new TreeMap<>();
    private final Map<Integer, PrimaryBackupNode> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, StampedCounters> services = new ConcurrentHashMap<>();
    private final DeliveryRecorder recorder = new DeliveryRecorder();
    private final LinkFaults links = new LinkFaults();

    PbCluster(Path directory, int size, long snapshotEveryEntries) throws IOException {
        this.directory = directory;
        this.snapshotEveryEntries = snapshotEveryEntries;
        for (int id = 1; id <= size; id++) {
            endpoints.put(id, LoopbackPorts.endpoint());
        }
    }

    void startAll() throws IOException {
        for (int id : endpoints.keySet()) {
            start(id);
        }
    }

    void start(int id) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(0x9B).directory(directory.resolve("node-" + id))
            .syncPolicy(SyncPolicy.BATCH).termLengthBytes(1 << 20).segmentLengthBytes(1 << 20)
            .snapshotEveryEntries(snapshotEveryEntries).retainEntries(100).tickMs(10).timeouts(30, 3);
        endpoints.forEach(config::member);
        config.transportDecorator(transport -> new FaultInjectingTransport(id, transport, links));
        StampedCounters service = new StampedCounters();
        PrimaryBackupNode node = PrimaryBackupNode.start(config, service, 1024, recorder.listener("node-" + id));
        services.put(id, service);
        nodes.put(id, node);
    }

    /** Stops node {@code id} as a crash would. */
    void halt(int id) {
        PrimaryBackupNode node = nodes.remove(id);
        if (node != null) {
            node.halt();
        }
    }

    /** Cuts node {@code id} off from every other node, both ways, until {@link #heal()}. */
    void isolate(int id) {
        links.isolate(id, endpoints.keySet());
    }

    void heal() {
        links.heal();
    }

    Map<Integer, PrimaryBackupNode> nodes() {
        return nodes;
    }

    Optional<PrimaryBackupNode> primary() {
        PrimaryBackupNode found = null;
        for (PrimaryBackupNode node : nodes.values()) {
            if (node.isPrimary() && (found == null || node.node().term() > found.node().term())) {
                found = node;
            }
        }
        return Optional.ofNullable(found);
    }

    PrimaryBackupNode awaitPrimary() throws InterruptedException {
        await(() -> primary().isPresent(), "a primary");
        return primary().orElseThrow();
    }

    /** Submits through whoever is primary, retrying the same request (a session makes that safe). */
    Stamp submit(CounterRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<PrimaryBackupNode> primary = primary();
            if (primary.isEmpty()) {
                Thread.sleep(10);
                continue;
            }
            try {
                return Stamp.decode(primary.get().submit(request.encode()).get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no primary answered " + request + " within 60 s");
    }

    CompletableFuture<byte[]> submitTo(PrimaryBackupNode node, CounterRequest request) {
        return node.submit(request.encode());
    }

    /** Waits until every running node has applied everything the primary committed. */
    void awaitConverged() throws InterruptedException {
        PrimaryBackupNode primary = awaitPrimary();
        long commit = primary.node().commitIndex();
        await(() -> nodes.values().stream().allMatch(node -> node.node().appliedIndex() >= commit),
            "every node to apply index " + commit);
    }

    /** Each node's delivered deltas in log order. */
    Map<Integer, List<Delivered>> delivered() {
        Map<Integer, List<Delivered>> result = new TreeMap<>();
        recorder.deliveries().forEach((replica, list) -> {
            List<Delivered> decoded = new ArrayList<>();
            for (DeliveryRecorder.Delivered d : list) {
                StampedCounters.CounterDelta delta = StampedCounters.CounterDelta.decode(d.delta());
                decoded.add(new Delivered(d.epoch(), d.counter(), delta.name(), delta.stamp()));
            }
            result.put(Integer.parseInt(replica.substring("node-".length())), decoded);
        });
        return result;
    }

    /** The deliveries as a history for the primary-order checker; {@code acknowledged} are known committed. */
    DeliveryHistory history(Iterable<Stamp> acknowledged) {
        Map<Long, Delta> byStampId = new HashMap<>();
        delivered().values().forEach(list -> list.forEach(d -> byStampId.put(d.stamp().id(), new Delta(d.epoch(), d.counter()))));
        List<Delta> committed = new ArrayList<>();
        for (Stamp stamp : acknowledged) {
            Delta delta = byStampId.get(stamp.id());
            if (delta != null) {
                committed.add(delta);
            }
        }
        return recorder.history(committed);
    }

    List<String> conflicts() {
        return recorder.conflicts();
    }

    StampedCounters service(int id) {
        return services.get(id);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(PrimaryBackupNode::close);
        nodes.clear();
    }
}

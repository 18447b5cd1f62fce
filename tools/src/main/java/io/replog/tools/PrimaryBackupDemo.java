package io.replog.tools;

import io.replog.checker.Delta;
import io.replog.checker.PrimaryOrderChecker;
import io.replog.checker.PrimaryOrderViolation;
import io.replog.examples.pb.CounterRequest;
import io.replog.examples.pb.DeliveryRecorder;
import io.replog.examples.pb.Stamp;
import io.replog.examples.pb.StampedCounters;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.pb.PrimaryBackupNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Primary-backup: the stamped counters (each increment stamped with the primary's clock and a random
 * id, which commands could not replicate) run on the primary, which replicates state deltas. The
 * check: every acknowledged increment delivered on every node, primary order on every node's
 * delivered sequence (the checker), each counter's values running 1, 2, 3, ... on every node, and
 * identical states.
 */
final class PrimaryBackupDemo implements DemoMode {
    static final String DELIVERIES_FILE = "deliveries.jsonl";
    static final int COUNTERS = 16;
    static final int READ_EVERY = 5;

    private final long operations;
    private final Map<Integer, PrimaryBackupNode> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, StampedCounters> services = new ConcurrentHashMap<>();
    private final DeliveryRecorder recorder = new DeliveryRecorder();
    private final Set<Stamp> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextOperation = new AtomicLong(1);
    private final AtomicLong acknowledgedCount = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private Supplier<Optional<ReplogNode>> leader;
    private volatile boolean stopped;

    PrimaryBackupDemo(long operations) {
        this.operations = operations;
    }

    @Override
    public String describeLoad(int clients, long operations) {
        return clients + " clients increment " + COUNTERS + " counters stamped by the primary's clock and random " +
            "ids, and read them (1 in " + READ_EVERY + "), " + operations + " operations";
    }

    @Override
    public ReplogNode start(int id, NodeConfig config) throws IOException {
        StampedCounters service = new StampedCounters();
        PrimaryBackupNode node = PrimaryBackupNode.start(config, service, PrimaryBackupNode.DEFAULT_MAX_SPECULATIVE_DELTAS,
            recorder.listener("node-" + id));
        services.put(id, service);
        nodes.put(id, node);
        return node.node();
    }

    @Override
    public void open(Path directory) {
    }

    @Override
    public void run(Supplier<Optional<ReplogNode>> leader, int clients) throws InterruptedException {
        this.leader = leader;
        ClientThreads.run(clients, this::client);
    }

    private void client(long clientId) {
        long sequence = 0;
        long operation;
        while (!stopped && (operation = nextOperation.getAndIncrement()) <= operations) {
            String counter = "c" + (operation % COUNTERS);
            boolean read = operation % READ_EVERY == 0;
            CounterRequest request = read ? CounterRequest.read(counter) :
                CounterRequest.increment(counter, 1).session(clientId, ++sequence);
            Stamp answer;
            while ((answer = send(request)) == null) {
                retries.incrementAndGet();
                sleepQuietly();
            }
            if (!read) {
                acknowledged.add(answer);
            }
            acknowledgedCount.incrementAndGet();
        }
    }

    private Stamp send(CounterRequest request) {
        Optional<PrimaryBackupNode> primary = leader.get().map(node -> nodes.get(node.id()));
        if (primary.isEmpty()) {
            return null;
        }
        try {
            return Stamp.decode(primary.get().submit(request.encode()).get(2, TimeUnit.SECONDS));
        } catch (Exception e) {
            return null;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public long acknowledgedCount() {
        return acknowledgedCount.get();
    }

    @Override
    public long retries() {
        return retries.get();
    }

    @Override
    public Outcome check(DemoCluster cluster, Path directory) throws IOException {
        Map<String, List<DeliveryRecorder.Delivered>> deliveries = recorder.deliveries();
        Map<Long, Delta> tagByStampId = new HashMap<>();
        long lost = 0;
        long valueGaps = 0;
        for (int id : cluster.nodes().keySet()) {
            Set<Long> delivered = new java.util.HashSet<>();
            Map<String, Long> lastValue = new HashMap<>();
            for (DeliveryRecorder.Delivered d : deliveries.getOrDefault("node-" + id, List.of())) {
                StampedCounters.CounterDelta delta = StampedCounters.CounterDelta.decode(d.delta());
                delivered.add(delta.stamp().id());
                tagByStampId.put(delta.stamp().id(), new Delta(d.epoch(), d.counter()));
                long previous = lastValue.getOrDefault(delta.name(), 0L);
                valueGaps += delta.stamp().value() == previous + 1 ? 0 : 1;
                lastValue.put(delta.name(), delta.stamp().value());
            }
            for (Stamp stamp : acknowledged) {
                lost += delivered.contains(stamp.id()) ? 0 : 1;
            }
        }
        List<Delta> committed = new ArrayList<>();
        for (Stamp stamp : acknowledged) {
            Delta tag = tagByStampId.get(stamp.id());
            if (tag != null) {
                committed.add(tag);
            }
        }
        List<PrimaryOrderViolation> violations = new PrimaryOrderChecker().check(recorder.history(committed));
        List<String> conflicts = recorder.conflicts();
        Path file = directory.resolve(DELIVERIES_FILE);
        recorder.write(file, committed);
        boolean identical = true;
        Map<String, Stamp> reference = null;
        for (int id : cluster.nodes().keySet()) {
            Map<String, Stamp> state = services.get(id).counters();
            if (reference == null) {
                reference = state;
            } else {
                identical &= reference.equals(state);
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lostAcknowledged", lost);
        fields.put("primaryOrderViolations", violations.size() + conflicts.size());
        fields.put("counterValueGaps", valueGaps);
        fields.put("statesIdentical", identical);
        fields.put("deliveries", file.toAbsolutePath().toString());
        boolean passed = lost == 0 && violations.isEmpty() && conflicts.isEmpty() && valueGaps == 0 && identical;
        StringBuilder narrative = new StringBuilder(String.format("checked every node: %d acknowledged increments " +
                "lost, states %s; primary order (./replog check primary-order %s): %d violations, %d counter values " +
                "out of sequence%n", lost, identical ? "identical" : "DIFFERENT", file, violations.size() + conflicts.size(),
            valueGaps));
        violations.stream().limit(5).forEach(v -> narrative.append("  ").append(v.description()).append('\n'));
        conflicts.stream().limit(5).forEach(c -> narrative.append("  ").append(c).append('\n'));
        return new Outcome(fields, passed, narrative.toString());
    }
}

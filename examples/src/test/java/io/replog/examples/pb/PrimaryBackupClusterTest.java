package io.replog.examples.pb;

import io.replog.checker.PrimaryOrderChecker;
import io.replog.checker.PrimaryOrderViolation;
import io.replog.replication.pb.PrimaryBackupNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three primary-backup replicas of the stamped counters under primaries crashing with many deltas in
 * flight, primaries partitioned away (deposed, they roll back), and restarts: every acknowledged delta
 * survives, primary order holds on every replica, and the replicas end identical.
 */
class PrimaryBackupClusterTest {
    private static final int CLIENTS = 16;
    private static final String[] COUNTERS = {"a", "b", "c"};

    @TempDir
    Path directory;

    @Test
    void primariesCrashingOrPartitionedWithAFullPipelineLoseNoAcknowledgedDeltaAndKeepPrimaryOrder() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (PbCluster cluster = new PbCluster(directory, 3, 1_000_000)) {
            cluster.startAll();
            cluster.awaitPrimary();
            List<Stamp> acknowledged = new CopyOnWriteArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int c = 1; c <= CLIENTS; c++) {
                long clientId = c;
                String counter = COUNTERS[c % COUNTERS.length];
                Thread client = new Thread(() -> {
                    try {
                        for (long sequence = 1; running.get(); sequence++) {
                            acknowledged.add(cluster.submit(CounterRequest.increment(counter, 1).session(clientId, sequence)));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "client-" + c);
                client.start();
                clients.add(client);
            }
            Set<Integer> crashed = new TreeSet<>();
            int isolations = 0;
            for (int round = 0; round < 4; round++) {
                Thread.sleep(400 + random.nextInt(400));
                PrimaryBackupNode primary = cluster.awaitPrimary();
                int id = primary.node().id();
                if (round % 2 == 1) {
                    // A partitioned primary keeps speculating until check-quorum deposes it, then must roll back.
                    cluster.isolate(id);
                    isolations++;
                    PbCluster.await(() -> cluster.primary().filter(p -> p.node().id() != id).isPresent(),
                        "a primary on the majority side");
                    Thread.sleep(200 + random.nextInt(300));
                    cluster.heal();
                    continue;
                }
                cluster.halt(id);
                crashed.add(id);
                cluster.awaitPrimary();
                Thread.sleep(200 + random.nextInt(300));
                cluster.start(id);
            }
            Thread.sleep(300);
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            cluster.awaitConverged();
            for (PrimaryBackupNode node : cluster.nodes().values()) {
                assertNull(node.node().failure(), "node " + node.node().id() + " stopped on its own (seed " + seed + ")");
            }
            Map<Integer, List<PbCluster.Delivered>> delivered = cluster.delivered();
            Map<Integer, Map<String, Stamp>> states = new HashMap<>();
            cluster.nodes().forEach((id, node) -> states.put(id, null));
            cluster.close();
            states.replaceAll((id, ignored) -> cluster.service(id).counters());

            String context = " (seed " + seed + ", crashed " + crashed + ", " + isolations + " primaries isolated, " +
                acknowledged.size() + " acknowledged)";
            assertTrue(acknowledged.size() > 100, "the load ran" + context);
            assertEquals(List.of(), cluster.conflicts(), "no two deliveries at one index differ" + context);
            List<PrimaryOrderViolation> violations = new PrimaryOrderChecker().check(cluster.history(acknowledged));
            assertEquals(List.of(), violations, "primary order" + context);
            for (Map.Entry<Integer, List<PbCluster.Delivered>> replica : delivered.entrySet()) {
                assertEachIncrementBuildsOnThePreviousOne(replica.getKey(), replica.getValue(), context);
                Set<Long> ids = new TreeSet<>();
                replica.getValue().forEach(delta -> ids.add(delta.stamp().id()));
                for (Stamp stamp : acknowledged) {
                    assertTrue(ids.contains(stamp.id()), "node " + replica.getKey() + " delivered acknowledged " + stamp + context);
                }
            }
            Map<String, Stamp> first = states.values().iterator().next();
            states.forEach((id, state) -> assertEquals(first, state, "node " + id + " state" + context));
            long total = first.values().stream().mapToLong(Stamp::value).sum();
            assertTrue(total >= acknowledged.size(), "every acknowledged increment counted" + context);
        }
    }

    /**
     * The semantic form of primary order: each delta sets a counter to one more than the value the
     * primary saw, so on every replica a counter's values must run 1, 2, 3, ... A delta applied without
     * the one it depended on, or before it, breaks the run.
     */
    static void assertEachIncrementBuildsOnThePreviousOne(int node, List<PbCluster.Delivered> deltas, String context) {
        Map<String, Long> last = new HashMap<>();
        for (PbCluster.Delivered delta : deltas) {
            long previous = last.getOrDefault(delta.name(), 0L);
            assertEquals(previous + 1, delta.stamp().value(), "node " + node + ": " + delta + " follows value " + previous +
                " of counter " + delta.name() + context);
            last.put(delta.name(), delta.stamp().value());
        }
    }

    private boolean hasSnapshot(int id) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(directory.resolve("node-" + id).resolve("snapshots"))) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".snap"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void snapshotsWaitForThePrimarysSpeculationAndRestartedReplicasResumeInOrder() throws Exception {
        try (PbCluster cluster = new PbCluster(directory, 3, 50)) {
            cluster.startAll();
            PrimaryBackupNode primary = cluster.awaitPrimary();
            List<java.util.concurrent.CompletableFuture<byte[]>> inFlight = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                inFlight.add(cluster.submitTo(primary, CounterRequest.increment("n", 1)));
            }
            for (java.util.concurrent.CompletableFuture<byte[]> response : inFlight) {
                response.get();
            }
            cluster.awaitConverged();
            PbCluster.await(() -> cluster.nodes().keySet().stream().allMatch(this::hasSnapshot),
                "every replica, the primary included, to write a snapshot");
            int backup = cluster.nodes().keySet().stream().filter(id -> id != primary.node().id()).findFirst().orElseThrow();
            cluster.halt(backup);
            cluster.start(backup);
            for (int i = 0; i < 50; i++) {
                cluster.submit(CounterRequest.increment("n", 1));
            }
            cluster.awaitConverged();
            cluster.nodes().values().forEach(node -> assertNull(node.node().failure(), "node " + node.node().id()));
            cluster.close();
            for (int id = 1; id <= 3; id++) {
                assertEquals(450, cluster.service(id).counters().get("n").value(), "node " + id);
            }
        }
    }
}

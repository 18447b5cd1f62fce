package io.replog.examples.pb;

import io.replog.checker.PrimaryOrderChecker;
import io.replog.replication.pb.PrimaryBackupNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scenario of Junqueira, Reed and Serafini, "Zab: High-performance broadcast for primary-backup
 * systems" (DSN 2011), section II: a primary proposes A and then B, which depends on A's state, and C
 * after B, all in flight at once, and crashes. With independent Paxos instances a new primary may
 * end up with B but not A, or C before B. Here each of A, B and C increments the same counter, so
 * B's delta ("x is now k+2") is only right after A's ("x is now k+1"): on every replica the values
 * of x must run 1, 2, 3, ... whatever survives each crash.
 */
class Dsn2011ScenarioTest {
    private static final int ROUNDS = 8;

    @TempDir
    Path directory;

    @Test
    void dsn2011ANewPrimaryNeverAppliesBWithoutAOrCBeforeB() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (PbCluster cluster = new PbCluster(directory, 3, 1_000_000)) {
            cluster.startAll();
            List<Stamp> acknowledged = new ArrayList<>();
            int survivedRounds = 0;
            for (int round = 0; round < ROUNDS; round++) {
                acknowledged.add(cluster.submit(CounterRequest.increment("x", 1)));
                PrimaryBackupNode primary = cluster.awaitPrimary();
                List<CompletableFuture<byte[]>> abc = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    abc.add(cluster.submitTo(primary, CounterRequest.increment("x", 1)));
                }
                LockSupport.parkNanos(random.nextInt(3_000_000));
                int crashed = primary.node().id();
                cluster.halt(crashed);
                for (CompletableFuture<byte[]> response : abc) {
                    if (response.isDone() && !response.isCompletedExceptionally()) {
                        acknowledged.add(Stamp.decode(response.get()));
                    }
                }
                acknowledged.add(cluster.submit(CounterRequest.increment("x", 1)));
                cluster.start(crashed);
                cluster.awaitConverged();
                long survived = abc.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
                survivedRounds += survived > 0 ? 1 : 0;
            }
            Map<Integer, List<PbCluster.Delivered>> delivered = cluster.delivered();
            cluster.close();

            String context = " (seed " + seed + ")";
            assertEquals(List.of(), cluster.conflicts(), context);
            assertEquals(List.of(), new PrimaryOrderChecker().check(cluster.history(acknowledged)), "primary order" + context);
            for (Map.Entry<Integer, List<PbCluster.Delivered>> replica : delivered.entrySet()) {
                PrimaryBackupClusterTest.assertEachIncrementBuildsOnThePreviousOne(replica.getKey(), replica.getValue(),
                    context);
                Set<Long> ids = new TreeSet<>();
                replica.getValue().forEach(delta -> ids.add(delta.stamp().id()));
                for (Stamp stamp : acknowledged) {
                    assertTrue(ids.contains(stamp.id()), "node " + replica.getKey() + " lost acknowledged " + stamp + context);
                }
            }
            long x = cluster.service(1).counters().get("x").value();
            for (int id = 2; id <= 3; id++) {
                assertEquals(cluster.service(1).counters(), cluster.service(id).counters(), "node " + id + context);
            }
            assertTrue(x >= 2L * ROUNDS, "x counts at least the increments acknowledged outside the crashes" + context);
            System.out.printf("DSN 2011 scenario: %d rounds, %d of %d A/B/C deltas survived their primary's crash, " +
                "%d rounds acknowledged some before it (seed %d)%n", ROUNDS, x - 2L * ROUNDS, 3 * ROUNDS, survivedRounds, seed);
        }
    }
}

package io.replog.examples.client;

import io.replog.examples.pb.CounterRequest;
import io.replog.examples.pb.Stamp;
import io.replog.examples.pb.StampedCounters;
import io.replog.examples.server.CounterRequestHandler;
import io.replog.replication.pb.PrimaryBackupNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_COUNTER_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CounterClient against three primary-backup nodes in this JVM running the stamped counters, each
 * serving clients over TCP: the same server and client machinery as the key-value store.
 */
class CounterClientClusterTest {
    @TempDir
    Path directory;

    private ServedCluster cluster;

    @BeforeEach
    void startCluster() throws IOException {
        cluster = new ServedCluster(directory, config -> {
            PrimaryBackupNode node = PrimaryBackupNode.start(config, new StampedCounters());
            return new ServedCluster.Served(node.node(), new CounterRequestHandler(node));
        });
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private CounterClient client(int... ids) {
        return new CounterClient(cluster.clientConfig(ids));
    }

    @Test
    void incrementAndReadRoundTrip() {
        try (CounterClient counters = client(1, 2, 3)) {
            long before = System.currentTimeMillis();
            Stamp first = counters.increment("c", 1);
            long after = System.currentTimeMillis();
            assertEquals(1, first.value());
            assertTrue(first.stampedAtMillis() >= before && first.stampedAtMillis() <= after,
                "stamped with the primary's clock: " + first);
            assertEquals(first, counters.read("c"), "a read answers the stamp the increment set, time and id included");
            Stamp second = counters.increment("c", 5);
            assertEquals(6, second.value());
            assertNotEquals(first.id(), second.id(), "every increment draws its own id");
            assertEquals(second, counters.read("c"));
            assertEquals(Stamp.ABSENT, counters.read("never-incremented"));
        }
    }

    @Test
    void aRetriedIncrementIsAppliedOnceEvenThroughAnotherNode() throws Exception {
        int primary = cluster.awaitLeader();
        int backup = primary % 3 + 1;
        CounterRequest increment = CounterRequest.increment("once", 1).session(77, 1);
        try (CounterClient viaPrimary = client(primary); CounterClient viaBackup = client(backup)) {
            Stamp answer = viaPrimary.execute(increment).get(30, TimeUnit.SECONDS);
            assertEquals(1, answer.value());
            // The same request id again, as a client whose answer was lost would send it, to another node.
            assertEquals(answer, viaBackup.execute(increment).get(30, TimeUnit.SECONDS), "the remembered answer");
            assertEquals(answer, viaPrimary.execute(increment).get(30, TimeUnit.SECONDS));
            assertEquals(1, viaPrimary.read("once").value(), "applied once");
            assertEquals(2, viaPrimary.execute(CounterRequest.increment("once", 1).session(77, 2))
                .get(30, TimeUnit.SECONDS).value());
            ClientException stale = assertThrows(ClientException.class,
                () -> ClusterChannel.await(viaPrimary.execute(increment)));
            assertTrue(stale.getMessage().contains("STALE_REQUEST"), stale.getMessage());
            assertEquals(2, viaPrimary.read("once").value(), "a request id older than the client's last is not run");
        }
    }

    @Test
    void aBackupRedirectsToThePrimarysClientEndpoint() throws Exception {
        try (CounterClient counters = client(1, 2, 3)) {
            counters.increment("warm", 1); // the primary has committed in its term
        }
        int primary = cluster.awaitLeader();
        int backup = primary % 3 + 1;
        // The commit needed one backup: the other may not have heard from the primary yet (it answers leader 0).
        cluster.awaitKnownLeader(backup, primary);
        ClientFrameFlyweight reply = RawFrames.request(cluster.clientEndpoint(backup), TYPE_COUNTER_REQUEST,
            CounterRequest.increment("k", 1).encode());
        assertEquals(ReplyStatus.NOT_LEADER, reply.status());
        assertEquals(primary, reply.leaderId());
        assertEquals(cluster.clientEndpoint(primary), reply.leaderEndpoint());
        try (CounterClient onlyBackup = client(backup)) {
            assertEquals(1, onlyBackup.increment("k", 1).value(), "the client follows the redirect");
            assertEquals(1, onlyBackup.read("k").value());
        }
    }

    /**
     * Three clients increment one counter by 1 while the primary crashes. Each increment is one value
     * step, so: the values acknowledged to one client strictly increase (its increments are
     * sequential), no two acknowledgements carry the same value (that would be an increment lost or
     * answered twice), and the final value covers every acknowledged one but exceeds no count of
     * increments attempted (a retried increment applied twice would).
     */
    @Test
    void incrementsGoOnAcrossAPrimaryCrashAndNoAcknowledgedOneIsLost() throws Exception {
        int clients = 3;
        int incrementsEach = 40;
        List<List<Stamp>> acknowledged = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger acknowledgedCount = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<CounterClient> opened = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Stamp> mine = new CopyOnWriteArrayList<>();
            acknowledged.add(mine);
            CounterClient counters = client(1, 2, 3);
            opened.add(counters);
            Thread thread = new Thread(() -> {
                for (int i = 0; i < incrementsEach; i++) {
                    try {
                        mine.add(counters.increment("shared", 1));
                        acknowledgedCount.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e); // unknown outcome: counted as attempted, not as acknowledged
                    }
                }
            }, "counter-writer-" + c);
            threads.add(thread);
            thread.start();
        }
        try {
            awaitCount(acknowledgedCount, clients * incrementsEach / 4);
            int primary = cluster.awaitLeader();
            cluster.halt(primary);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(120));
                assertTrue(!thread.isAlive(), thread.getName() + " finished");
            }
            assertNotEquals(primary, cluster.awaitLeader(), "another primary took over");
        } finally {
            opened.forEach(CounterClient::close);
        }
        Set<Long> values = new HashSet<>();
        long highest = 0;
        for (List<Stamp> mine : acknowledged) {
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i).value() > mine.get(i - 1).value(), "one client's values increase: " + mine);
            }
            for (Stamp stamp : mine) {
                assertTrue(values.add(stamp.value()), "value " + stamp.value() + " acknowledged twice");
                highest = Math.max(highest, stamp.value());
            }
        }
        try (CounterClient reader = client(1, 2, 3)) {
            long last = reader.read("shared").value();
            assertTrue(last >= highest, "final value " + last + " covers every acknowledged one (" + highest + ")");
            assertTrue(last >= values.size(), "final value " + last + " counts every acknowledged increment (" +
                values.size() + ")");
            assertTrue(last <= (long)clients * incrementsEach, "final value " + last + " exceeds the " +
                clients * incrementsEach + " increments attempted: one was applied twice");
        }
        assertEquals(clients * incrementsEach, values.size() + failures.size(), "every increment answered or failed");
    }

    private static void awaitCount(AtomicInteger count, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + count.get() + " of " + target + " increments acknowledged in 60 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aKeyValueClientPointedAtCounterNodesIsToldSo() {
        try (KvClient kv = new KvClient(cluster.clientConfig(1, 2, 3))) {
            ClientException wrong = assertThrows(ClientException.class, () -> kv.put("k", "v"));
            assertTrue(wrong.getMessage().contains("serves counters, not kv"), wrong.getMessage());
        }
    }

    @Test
    void aMalformedCounterRequestClosesThatConnectionAndTheNodeServesOthers() throws Exception {
        int primary = cluster.awaitLeader();
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(primary), RawFrames.frame(TYPE_COUNTER_REQUEST,
            new byte[10])), "a request shorter than its header");
        byte[] badOp = CounterRequest.increment("c", 1).encode();
        new UnsafeBuffer(badOp).putByte(0, (byte)9);
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(primary), RawFrames.frame(TYPE_COUNTER_REQUEST,
            badOp)), "an unknown op code");
        cluster.nodes().forEach(node -> assertTrue(node.isRunning(), "node " + node.id() + " still runs"));
        try (CounterClient counters = client(1, 2, 3)) {
            assertEquals(1, counters.increment("after", 1).value());
        }
    }
}

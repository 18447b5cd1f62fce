package io.replog.tools;

import io.replog.examples.kv.KvCommand;
import io.replog.examples.kv.KvResult;
import io.replog.replication.node.CommitResult;
import io.replog.replication.node.ReplogNode;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The demo's clients: each client thread appends a unique token to one of a few keys, one request at
 * a time, through whichever node leads. A failed or unanswered request is retried with the same
 * client id and sequence number, so the store applies it at most once however often it is sent.
 */
final class DemoLoad {
    static final int KEYS = 16;

    private final Supplier<Optional<ReplogNode>> leader;
    private final long operations;
    private final AtomicLong nextOperation = new AtomicLong(1);
    private final AtomicLong acknowledgedCount = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    /** Token to key, for every append the cluster acknowledged. */
    final ConcurrentHashMap<Long, String> acknowledged = new ConcurrentHashMap<>();

    DemoLoad(Supplier<Optional<ReplogNode>> leader, long operations) {
        this.leader = leader;
        this.operations = operations;
    }

    static String key(long token) {
        return "k" + (token % KEYS);
    }

    long acknowledgedCount() {
        return acknowledgedCount.get();
    }

    long retries() {
        return retries.get();
    }

    /** Runs {@code clients} client threads until every operation is acknowledged. */
    void run(int clients) throws InterruptedException {
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            long clientId = i + 1;
            threads[i] = new Thread(() -> client(clientId), "demo-client-" + clientId);
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void client(long clientId) {
        long sequence = 0;
        long token;
        while ((token = nextOperation.getAndIncrement()) <= operations) {
            KvCommand command = KvCommand.append(key(token), "," + token).session(clientId, ++sequence);
            while (!send(command)) {
                retries.incrementAndGet();
                sleepQuietly();
            }
            acknowledged.put(token, key(token));
            acknowledgedCount.incrementAndGet();
        }
    }

    private boolean send(KvCommand command) {
        Optional<ReplogNode> current = leader.get();
        if (current.isEmpty()) {
            return false;
        }
        try {
            CommitResult committed = current.get().append(command.encode()).get(2, TimeUnit.SECONDS);
            return KvResult.decode(committed.result()).status() == KvResult.Status.OK;
        } catch (Exception e) {
            return false;
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

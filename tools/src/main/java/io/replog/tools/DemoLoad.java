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
 * The SMR demo's clients: each client thread, one request at a time, appends a unique token to one of
 * a few keys or (one request in {@value #READ_EVERY}) reads a key, through whichever node leads. A
 * failed or unanswered request is retried with the same client id and sequence number, so the store
 * applies it at most once however often it is sent. Every operation goes into the history.
 */
final class DemoLoad {
    static final int KEYS = 16;
    static final int READ_EVERY = 5;

    private final Supplier<Optional<ReplogNode>> leader;
    private final long operations;
    private final HistoryLog history;
    private final AtomicLong nextOperation = new AtomicLong(1);
    private final AtomicLong acknowledgedCount = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean stopped;
    /** Token to key, for every append the cluster acknowledged. */
    final ConcurrentHashMap<Long, String> acknowledged = new ConcurrentHashMap<>();

    DemoLoad(Supplier<Optional<ReplogNode>> leader, long operations, HistoryLog history) {
        this.leader = leader;
        this.operations = operations;
        this.history = history;
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
        ClientThreads.run(clients, this::client);
    }

    private void client(long clientId) {
        long sequence = 0;
        long operation;
        while (!stopped && (operation = nextOperation.getAndIncrement()) <= operations) {
            boolean read = operation % READ_EVERY == 0;
            String key = key(operation);
            String value = "," + operation;
            KvCommand command = (read ? KvCommand.get(key) : KvCommand.append(key, value)).session(clientId, ++sequence);
            history.invoke(clientId, read ? "get" : "append", key, read ? null : value);
            KvResult result;
            while ((result = send(command)) == null) {
                retries.incrementAndGet();
                sleepQuietly();
            }
            if (read) {
                history.ok(clientId, "get", key, result.value() == null ? "" : result.value());
            } else {
                history.ok(clientId, "append", key, value);
                acknowledged.put(operation, key);
            }
            acknowledgedCount.incrementAndGet();
        }
    }

    /** Clients finish the request they are on and stop. */
    void stop() {
        stopped = true;
    }

    /** The store's answer, or null when the request must be retried. */
    private KvResult send(KvCommand command) {
        Optional<ReplogNode> current = leader.get();
        if (current.isEmpty()) {
            return null;
        }
        try {
            CommitResult committed = current.get().append(command.encode()).get(2, TimeUnit.SECONDS);
            KvResult result = KvResult.decode(committed.result());
            return result.status() == KvResult.Status.OK ? result : null;
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
}

package io.replog.tools;

import io.replog.examples.client.ClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writer threads of a workload: each runs its numbered operations one after another until stopped,
 * counting what the cluster acknowledged and what it left unanswered (a {@link ClientException}:
 * unknown outcome, neither required nor forbidden). Numbers go on across stops and starts.
 */
final class WriterThreads {
    /** Operation {@code n} (from 1) of writer {@code writer}; returns how many writes the cluster acknowledged. */
    @FunctionalInterface
    interface Operation {
        int run(int writer, long n);
    }

    private final String name;
    private final Operation operation;
    private final long[] nextOperation;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    WriterThreads(String name, int writers, Operation operation) {
        this.name = name;
        this.operation = operation;
        this.nextOperation = new long[writers];
    }

    long acknowledged() {
        return acknowledged.get();
    }

    void start() {
        running = true;
        threads.clear();
        for (int writer = 0; writer < nextOperation.length; writer++) {
            int id = writer;
            Thread thread = new Thread(() -> write(id), name + "-" + writer);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops the writers after their current operation. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(90));
            assertTrue(!thread.isAlive(), thread.getName() + " did not stop");
        }
    }

    private void write(int writer) {
        while (running) {
            try {
                acknowledged.addAndGet(operation.run(writer, ++nextOperation[writer]));
            } catch (ClientException e) {
                unanswered.incrementAndGet();
            }
        }
    }

    /** Waits until {@code more} further writes were acknowledged (from now). */
    void awaitMore(NodeProcessCluster cluster, long more, String when) throws InterruptedException {
        long target = acknowledged.get() + more;
        cluster.await(() -> acknowledged.get() >= target, more + " more acknowledged writes " + when +
            " (acknowledged " + acknowledged.get() + ", unanswered " + unanswered.get() + ")");
    }
}

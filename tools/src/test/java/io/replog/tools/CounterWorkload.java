package io.replog.tools;

import io.replog.examples.client.CounterClient;
import io.replog.examples.pb.Stamp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writer threads sharing one {@link CounterClient}, each incrementing by 1, one operation at a time,
 * in turn a counter of its own ({@code own-W}) and one all writers share ({@code shared}). Every
 * acknowledged {@link Stamp} is recorded with who got it; {@link #verify} reads the counters back
 * (reads the primary answers once it confirmed its leadership) and checks, per counter: the final
 * value covers every acknowledged increment (at least as many as acknowledged, at least the highest
 * acknowledged value) and no more than were attempted (a retried increment applied twice would
 * exceed it); no value was acknowledged twice; the values one writer got strictly increase.
 */
final class CounterWorkload {
    static final String SHARED = "shared";

    private final CounterClient client;
    private final int writers;
    /** By counter, then by writer: the stamps acknowledged, in the order the writer got them. */
    private final Map<String, Map<Integer, List<Stamp>>> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> attempted = new ConcurrentHashMap<>();
    private final WriterThreads threads;

    CounterWorkload(CounterClient client, int writers) {
        this.client = client;
        this.writers = writers;
        this.threads = new WriterThreads("counter-writer", writers, this::increment);
    }

    private static String own(int writer) {
        return "own-" + writer;
    }

    private int increment(int writer, long n) {
        String counter = n % 2 == 0 ? SHARED : own(writer);
        attempted.computeIfAbsent(counter, c -> new AtomicLong()).incrementAndGet();
        Stamp stamp = client.increment(counter, 1);
        acknowledged.computeIfAbsent(counter, c -> new ConcurrentHashMap<>())
            .computeIfAbsent(writer, w -> new CopyOnWriteArrayList<>()).add(stamp);
        return 1;
    }

    void start() {
        threads.start();
    }

    void stop() throws InterruptedException {
        threads.stop();
    }

    void awaitMore(NodeProcessCluster cluster, long more, String when) throws InterruptedException {
        threads.awaitMore(cluster, more, when);
    }

    /** Reads every counter back and checks it against what was acknowledged (writers stopped). */
    Map<String, Long> verify(String when) {
        Map<String, Long> finals = new TreeMap<>();
        List<String> counters = new ArrayList<>(List.of(SHARED));
        for (int writer = 0; writer < writers; writer++) {
            counters.add(own(writer));
        }
        for (String counter : counters) {
            long last = client.read(counter).value();
            finals.put(counter, last);
            Set<Long> values = new HashSet<>();
            long highest = 0;
            for (Map.Entry<Integer, List<Stamp>> mine : acknowledged.getOrDefault(counter, Map.of()).entrySet()) {
                List<Stamp> stamps = mine.getValue();
                for (int i = 0; i < stamps.size(); i++) {
                    long value = stamps.get(i).value();
                    assertTrue(i == 0 || value > stamps.get(i - 1).value(), "writer " + mine.getKey() + " got " +
                        counter + " values out of order " + when + ": " + stamps);
                    assertTrue(values.add(value), counter + " = " + value + " was acknowledged twice " + when);
                    highest = Math.max(highest, value);
                }
            }
            long tried = attempted.getOrDefault(counter, new AtomicLong()).get();
            assertTrue(last >= values.size() && last >= highest, counter + " = " + last + " " + when + " lost an " +
                "acknowledged increment: " + values.size() + " acknowledged, the highest " + highest);
            assertTrue(last <= tried, counter + " = " + last + " " + when + " but only " + tried + " increments were " +
                "attempted: one was applied twice");
        }
        return finals;
    }
}

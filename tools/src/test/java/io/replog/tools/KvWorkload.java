package io.replog.tools;

import io.replog.examples.client.KvClient;
import io.replog.examples.client.KvResponse;
import io.replog.examples.client.ReplyStatus;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writer threads sharing one {@link KvClient}: each puts unique keys and appends its own numbered
 * tokens to one key per writer, one operation at a time. What the cluster acknowledged is recorded;
 * {@link #verify} reads it back linearizably: every acknowledged put with its value, every
 * acknowledged append exactly once (and no token of any append twice).
 */
final class KvWorkload {
    private final KvClient client;
    private final int writers;
    private final Map<String, String> acknowledgedPuts = new ConcurrentHashMap<>();
    private final Map<Integer, Map<Long, Boolean>> acknowledgedAppends = new ConcurrentHashMap<>();
    private final WriterThreads threads;

    KvWorkload(KvClient client, int writers) {
        this.client = client;
        this.writers = writers;
        for (int writer = 0; writer < writers; writer++) {
            acknowledgedAppends.put(writer, new ConcurrentHashMap<>());
        }
        this.threads = new WriterThreads("kv-writer", writers, this::write);
    }

    long acknowledged() {
        return threads.acknowledged();
    }

    void start() {
        threads.start();
    }

    /** Stops the writers after their current operation. */
    void stop() throws InterruptedException {
        threads.stop();
    }

    private int write(int writer, long n) {
        int acknowledged = 0;
        String key = "w" + writer + "-" + n;
        String value = "v" + writer + "-" + n;
        if (client.put(key, value).status() == ReplyStatus.OK) {
            acknowledgedPuts.put(key, value);
            acknowledged++;
        }
        if (client.append("log-" + writer, "," + n).status() == ReplyStatus.OK) {
            acknowledgedAppends.get(writer).put(n, true);
            acknowledged++;
        }
        return acknowledged;
    }

    /** Waits until {@code more} further operations were acknowledged (from now). */
    void awaitMore(NodeProcessCluster cluster, long more, String when) throws InterruptedException {
        threads.awaitMore(cluster, more, when);
    }

    /** Reads back everything acknowledged so far, with linearizable gets. */
    void verify(String when) {
        for (Map.Entry<String, String> put : acknowledgedPuts.entrySet()) {
            KvResponse read = client.get(put.getKey());
            assertEquals(put.getValue(), read.value(), "acknowledged put of " + put.getKey() + " " + when);
        }
        for (int writer = 0; writer < writers; writer++) {
            String log = client.get("log-" + writer).value();
            Map<Long, Integer> counts = new HashMap<>();
            for (String token : (log == null ? "" : log).split(",")) {
                if (!token.isEmpty()) {
                    counts.merge(Long.parseLong(token), 1, Integer::sum);
                }
            }
            for (Map.Entry<Long, Integer> count : counts.entrySet()) {
                assertEquals(1, count.getValue(), "append " + count.getKey() + " of writer " + writer +
                    " applied more than once " + when);
            }
            for (long n : acknowledgedAppends.get(writer).keySet()) {
                assertTrue(counts.containsKey(n), "acknowledged append " + n + " of writer " + writer + " is lost " +
                    when + ": " + log);
            }
        }
    }
}

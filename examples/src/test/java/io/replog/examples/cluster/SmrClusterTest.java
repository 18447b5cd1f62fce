package io.replog.examples.cluster;

import io.replog.checker.Budget;
import io.replog.checker.HistoryReader;
import io.replog.checker.LinearizabilityChecker;
import io.replog.checker.LinearizabilityResult;
import io.replog.checker.Models;
import io.replog.checker.Verdict;
import io.replog.examples.kv.KvCommand;
import io.replog.examples.kv.KvResult;
import io.replog.examples.kv.KvStateMachine;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.transport.FaultInjectingTransport;
import io.replog.replication.transport.LinkFaults;
import io.replog.replication.transport.LoopbackPorts;
import io.replog.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key-value store replicated as a state machine on three nodes, with clients keeping the
 * pipeline full while leaders crash and restart or are partitioned away: the clients' history must be linearizable, and the
 * replicas must end identical.
 */
class SmrClusterTest {
    private static final int CLIENTS = 12;
    private static final int KEYS = 4;

    @TempDir
    Path directory;

    private final Map<Integer, String> endpoints = new TreeMap<>();
    private final Map<Integer, ReplogNode> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, KvStateMachine> machines = new ConcurrentHashMap<>();
    private final LinkFaults links = new LinkFaults();

    private void start(int id) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(0x5A).directory(directory.resolve("node-" + id))
            .syncPolicy(SyncPolicy.BATCH).termLengthBytes(1 << 20).segmentLengthBytes(1 << 20)
            .snapshotEveryEntries(500).retainEntries(100).tickMs(10).timeouts(30, 3);
        endpoints.forEach(config::member);
        config.transportDecorator(transport -> new FaultInjectingTransport(id, transport, links));
        KvStateMachine machine = new KvStateMachine();
        machines.put(id, machine);
        nodes.put(id, ReplogNode.start(config, machine));
    }

    private ReplogNode leader() {
        return nodes.values().stream().filter(ReplogNode::isLeader).max((a, b) -> Long.compare(a.term(), b.term()))
            .orElse(null);
    }

    /** One JSON line per event, in real-time order. */
    private static final class Events {
        private final BufferedWriter out;

        Events(Path file) throws IOException {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        synchronized void write(long process, String type, String f, String key, String value) {
            try {
                out.write("{\"process\":" + process + ",\"type\":\"" + type + "\",\"f\":\"" + f + "\",\"key\":\"" + key +
                    "\",\"value\":" + (value == null ? "null" : "\"" + value + "\"") + "}");
                out.newLine();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized void close() throws IOException {
            out.close();
        }
    }

    @Test
    void leadersCrashingOrPartitionedUnderAFullPipelineLeaveALinearizableHistoryAndIdenticalReplicas() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int id = 1; id <= 3; id++) {
            endpoints.put(id, LoopbackPorts.endpoint());
        }
        for (int id : endpoints.keySet()) {
            start(id);
        }
        Path historyFile = directory.resolve("history.jsonl");
        Events history = new Events(historyFile);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            long clientId = c;
            Random ops = new Random(seed + c);
            Thread client = new Thread(() -> runClient(clientId, ops, history, running), "client-" + c);
            client.start();
            clients.add(client);
        }
        try {
            for (int round = 0; round < 4; round++) {
                Thread.sleep(400 + random.nextInt(400));
                await(() -> leader() != null, "a leader");
                int id = leader().id();
                if (round % 2 == 1) {
                    links.isolate(id, endpoints.keySet());
                    await(() -> leader() != null && leader().id() != id, "a leader on the majority side");
                    Thread.sleep(100 + random.nextInt(300));
                    links.heal();
                    continue;
                }
                nodes.remove(id).halt();
                await(() -> leader() != null, "a new leader");
                Thread.sleep(100 + random.nextInt(300));
                start(id);
            }
            Thread.sleep(300);
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            history.close();
        }
        await(() -> leader() != null, "a leader");
        long commit = leader().commitIndex();
        await(() -> nodes.values().stream().allMatch(node -> node.appliedIndex() >= commit), "every node to apply " + commit);
        nodes.values().forEach(node -> assertNull(node.failure(), "node " + node.id() + " (seed " + seed + ")"));
        nodes.values().forEach(ReplogNode::close);

        LinearizabilityResult result = new LinearizabilityChecker(Models.byName("kv"), Budget.ofTimeout(Duration.ofSeconds(60)))
            .check(new HistoryReader(Models.byName("kv")).read(historyFile));
        assertTrue(result.operationCount() > 200, "the load ran: " + result.operationCount() + " operations");
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), "history " + historyFile + " (seed " + seed + "): " +
            result.failures());
        for (int k = 0; k < KEYS; k++) {
            String key = "k" + k;
            for (int id = 2; id <= 3; id++) {
                assertEquals(machines.get(1).get(key), machines.get(id).get(key), "key " + key + " on node " + id);
            }
        }
    }

    /** One request at a time; a request is retried with the same session until answered, or recorded as info. */
    private void runClient(long clientId, Random ops, Events history, AtomicBoolean running) {
        for (long sequence = 1; running.get(); sequence++) {
            String key = "k" + ops.nextInt(KEYS);
            int kind = ops.nextInt(3);
            String value = clientId + "." + sequence;
            KvCommand command = switch (kind) {
                case 0 -> KvCommand.get(key);
                case 1 -> KvCommand.put(key, value);
                default -> KvCommand.append(key, "," + value);
            };
            String f = kind == 0 ? "get" : kind == 1 ? "put" : "append";
            String invoked = kind == 0 ? null : kind == 1 ? value : "," + value;
            history.write(clientId, "invoke", f, key, invoked);
            KvResult result = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            byte[] encoded = command.session(clientId, sequence).encode();
            while (result == null && System.nanoTime() < deadline) {
                ReplogNode leader = leader();
                try {
                    if (leader != null) {
                        result = KvResult.decode(leader.append(encoded).get(2, TimeUnit.SECONDS).result());
                    }
                } catch (Exception e) {
                    result = null;
                }
                if (result == null) {
                    sleep(5);
                }
            }
            if (result == null) {
                history.write(clientId, "info", f, key, invoked);
                return;
            }
            history.write(clientId, "ok", f, key, kind == 0 ? (result.value() == null ? "" : result.value()) : invoked);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}

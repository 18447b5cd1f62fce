package io.replog.replication.node;

import io.replog.replication.transport.FaultInjectingTransport;
import io.replog.replication.transport.LinkFaults;
import io.replog.replication.transport.LoopbackPorts;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real {@link ReplogNode}s in this JVM, replicating over Aeron UDP on loopback through one shared
 * media driver (fewer threads on a small machine), each behind a {@link FaultInjectingTransport}. A client that
 * pipelines appends to whoever leads and retries what failed; and the check every scenario ends with.
 */
final class LocalCluster implements AutoCloseable {
    static final int CLUSTER_ID = 7;
    private static final long WAIT_SECONDS = 45;
    private static final int APPEND_WINDOW = 32;

    /** An append the cluster acknowledged: committed at {@code index} (and applied on the leader); null payload: any. */
    record Acked(long index, byte[] payload) {
    }

    final LinkFaults faults = new LinkFaults();
    private final Path directory;
    private final int size;
    private final Consumer<NodeConfig> tuning;
    private final String aeronDirectory;
    private final MediaDriver driver;
    private final Map<Integer, String> endpoints = new TreeMap<>();
    private final Map<Integer, ReplogNode> running = new ConcurrentHashMap<>();
    /** The state machine of each node's latest incarnation (kept when the node is halted). */
    private final Map<Integer, RecordingStateMachine> machines = new ConcurrentHashMap<>();
    private final Random random = new Random(42);
    private long payloadSequence;
    private boolean recordCommands = true;

    LocalCluster(Path directory, int size, Consumer<NodeConfig> tuning) throws IOException {
        this.directory = directory;
        this.size = size;
        this.tuning = tuning;
        this.aeronDirectory = Path.of("/dev/shm").toFile().isDirectory()
            ? "/dev/shm/replog-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
            : directory.resolve("aeron").toString();
        this.driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirectory)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(100)))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(256 * 1024)
            .ipcTermBufferLength(64 * 1024));
        for (int id = 1; id <= size; id++) {
            endpoints.put(id, LoopbackPorts.endpoint());
        }
    }

    /** With false, state machines started from now on do not keep what they apply (for {@link AllocationProbe}). */
    LocalCluster recordCommands(boolean record) {
        this.recordCommands = record;
        return this;
    }

    String aeronDirectory() {
        return aeronDirectory;
    }

    String endpoint(int id) {
        return endpoints.get(id);
    }

    Set<Integer> members() {
        return endpoints.keySet();
    }

    int majority() {
        return size / 2 + 1;
    }

    Path nodeDirectory(int id) {
        return directory.resolve("node-" + id);
    }

    void startAll() throws IOException {
        for (int id : members()) {
            start(id);
        }
    }

    ReplogNode start(int id) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(CLUSTER_ID).directory(nodeDirectory(id))
            .termLengthBytes(256 * 1024).segmentLengthBytes(1 << 20).tickMs(10).timeouts(20, 2)
            .externalDriver(aeronDirectory)
            .transportDecorator(transport -> new FaultInjectingTransport(id, transport, faults));
        endpoints.forEach(config::member);
        tuning.accept(config);
        RecordingStateMachine machine = new RecordingStateMachine(recordCommands);
        ReplogNode node = ReplogNode.start(config, machine);
        machines.put(id, machine);
        running.put(id, node);
        return node;
    }

    /** Stops the node as a crash would: nothing flushed, nothing recorded. */
    void halt(int id) {
        ReplogNode node = running.remove(id);
        if (node != null) {
            node.halt();
        }
    }

    ReplogNode node(int id) {
        ReplogNode node = running.get(id);
        if (node == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        return node;
    }

    RecordingStateMachine machine(int id) {
        return machines.get(id);
    }

    /** Whether {@code id} runs, is not stalled and reaches a majority (itself included) both ways. */
    private boolean reachesMajority(int id) {
        if (!running.containsKey(id) || faults.stalled(id)) {
            return false;
        }
        int reachable = 0;
        for (int other : members()) {
            if (other == id || running.containsKey(other) && faults.connected(id, other) && faults.connected(other, id)) {
                reachable++;
            }
        }
        return reachable >= majority();
    }

    /** The leader a client on the majority's side finds: the newest-term leader that reaches a majority. */
    ReplogNode awaitLeader() throws InterruptedException {
        ReplogNode[] found = new ReplogNode[1];
        await(() -> {
            ReplogNode best = null;
            for (ReplogNode node : running.values()) {
                if (node.isLeader() && reachesMajority(node.id()) && (best == null || node.term() > best.term())) {
                    best = node;
                }
            }
            found[0] = best;
            return best != null;
        }, () -> "a leader that reaches a majority (" + describe() + ")");
        return found[0];
    }

    /** For messages: the current newest-term leader, or null. */
    ReplogNode awaitLeaderQuietly() {
        return running.values().stream().filter(ReplogNode::isLeader).max(java.util.Comparator.comparingLong(ReplogNode::term))
            .orElse(null);
    }

    byte[] payload(String tag, int paddingBytes) {
        byte[] head = (tag + "-" + payloadSequence++ + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] payload = Arrays.copyOf(head, head.length + paddingBytes);
        for (int i = head.length; i < payload.length; i++) {
            payload[i] = (byte)random.nextInt();
        }
        return payload;
    }

    List<Acked> append(String tag, int count) throws InterruptedException {
        return append(tag, count, 16);
    }

    /**
     * Appends {@code count} new payloads through whoever leads, {@value #APPEND_WINDOW} at a time; a
     * failed or slow one is retried (so the log may hold it twice: only acknowledgements are checked).
     */
    List<Acked> append(String tag, int count, int paddingBytes) throws InterruptedException {
        List<byte[]> todo = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            todo.add(payload(tag, paddingBytes));
        }
        List<Acked> acked = new ArrayList<>();
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!todo.isEmpty()) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("could not append " + todo.size() + " of " + count + " '" + tag + "' payloads in " +
                    WAIT_SECONDS + " s; " + describe());
            }
            ReplogNode leader = awaitLeader();
            Map<CompletableFuture<CommitResult>, byte[]> window = new LinkedHashMap<>();
            for (int i = 0; i < APPEND_WINDOW && !todo.isEmpty(); i++) {
                byte[] payload = todo.remove(todo.size() - 1);
                window.put(leader.append(payload), payload);
            }
            for (Map.Entry<CompletableFuture<CommitResult>, byte[]> attempt : window.entrySet()) {
                try {
                    CommitResult result = attempt.getKey().get(3, TimeUnit.SECONDS);
                    acked.add(new Acked(result.index(), attempt.getValue()));
                } catch (ExecutionException | TimeoutException e) {
                    todo.add(attempt.getValue());
                }
            }
        }
        return acked;
    }

    /** Waits until every running node applied at least {@code index}. */
    void awaitApplied(long index) throws InterruptedException {
        await(() -> running.values().stream().allMatch(node -> node.appliedIndex() >= index),
            () -> "every running node to apply index " + index + ": " + describe());
    }

    /**
     * The safety check every scenario ends with, once the cluster is whole again: every acknowledged append
     * is applied, with its payload, on a majority (here: every running node) and no node applied anything
     * else at its index; and at every index, every node that applied something applied the same thing.
     */
    void checkAcknowledged(List<Acked> acked) throws InterruptedException {
        long highest = acked.stream().mapToLong(Acked::index).max().orElse(0);
        awaitApplied(Math.max(highest, awaitLeader().commitIndex()));
        for (Acked append : acked) {
            int holders = 0;
            for (Map.Entry<Integer, RecordingStateMachine> machine : machines.entrySet()) {
                byte[] applied = machine.getValue().applied.get(append.index());
                if (applied != null) {
                    if (append.payload() != null) {
                        assertArrayEquals(append.payload(), applied, "node " + machine.getKey() + " applied another command at " +
                            "acknowledged index " + append.index());
                    }
                    holders++;
                }
            }
            assertTrue(holders >= majority(), "acknowledged index " + append.index() + " is applied on " + holders +
                " nodes, fewer than a majority");
        }
        Map<Long, byte[]> union = new TreeMap<>();
        Map<Long, Integer> firstHolder = new TreeMap<>();
        for (Map.Entry<Integer, RecordingStateMachine> machine : machines.entrySet()) {
            for (Map.Entry<Long, byte[]> entry : machine.getValue().applied.entrySet()) {
                byte[] other = union.putIfAbsent(entry.getKey(), entry.getValue());
                firstHolder.putIfAbsent(entry.getKey(), machine.getKey());
                if (other != null) {
                    assertArrayEquals(other, entry.getValue(), "nodes " + firstHolder.get(entry.getKey()) + " and " +
                        machine.getKey() + " applied different commands at index " + entry.getKey());
                }
            }
        }
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        for (int id : new TreeSet<>(members())) {
            ReplogNode node = running.get(id);
            out.append(node == null ? "node " + id + " down" : "node " + id + " " + node.role() + " term=" + node.term() +
                " commit=" + node.commitIndex() + " applied=" + node.appliedIndex() +
                (node.failure() == null ? "" : " FAILED: " + node.failure())).append("; ");
        }
        return out.toString();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    /** Waits for {@code condition}; a liveness bound, not a timing assertion: it only fails a stuck run. */
    static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("gave up after " + WAIT_SECONDS + " s waiting for " + what.get());
            }
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        faults.heal();
        running.values().forEach(ReplogNode::close);
        running.clear();
        CloseHelper.quietClose(driver);
    }
}

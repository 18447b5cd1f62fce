package io.replog.tools;

import io.replog.examples.kv.KvStateMachine;
import io.replog.replication.node.RaftStateFile;
import io.replog.replication.transport.LoopbackPorts;
import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotReader;
import io.replog.snapshot.SnapshotStore;
import io.replog.wal.Entry;
import io.replog.wal.LogInspector;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.FileStorage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** N {@code replog node} processes on loopback, for tests: start, kill, pause, find the leader, compare states. */
final class NodeProcessCluster implements AutoCloseable {
    static final long AWAIT_SECONDS = 60;

    final int clusterId = ThreadLocalRandom.current().nextInt(1_000, 1_000_000);
    private final Path directory;
    private final Map<Integer, NodeProcess> nodes = new TreeMap<>();
    private final Map<Integer, String> clientEndpoints = new TreeMap<>();
    private final Set<Long> pids = new HashSet<>();

    private final UdpPartitionRelay relay;

    NodeProcessCluster(Path directory, int size) throws IOException {
        this(directory, size, false, "kv");
    }

    NodeProcessCluster(Path directory, int size, boolean relayed) throws IOException {
        this(directory, size, relayed, "kv");
    }

    /**
     * @param relayed route replication traffic through a {@link UdpPartitionRelay}, so that nodes can
     *                be partitioned: each node then gets its own --members, naming its relay ports.
     * @param service what the nodes serve: {@code --service kv} or {@code counters}.
     */
    NodeProcessCluster(Path directory, int size, boolean relayed, String service) throws IOException {
        this.directory = directory;
        Map<Integer, Integer> raftPorts = new TreeMap<>();
        for (int id = 1; id <= size; id++) {
            raftPorts.put(id, LoopbackPorts.next());
            clientEndpoints.put(id, LoopbackPorts.endpoint());
        }
        this.relay = relayed ? new UdpPartitionRelay(raftPorts) : null;
        for (int id = 1; id <= size; id++) {
            StringJoiner members = new StringJoiner(",");
            for (int peer = 1; peer <= size; peer++) {
                int raftPort = relay == null || peer == id ? raftPorts.get(peer) : relay.relayPort(id, peer);
                members.add(peer + "=" + clientEndpoints.get(peer).replace("127.0.0.1:", "127.0.0.1:" + raftPort + ":"));
            }
            Path nodeDirectory = directory.resolve("node-" + id);
            List<String> arguments = List.of("node", "--id", Integer.toString(id), "--members", members.toString(),
                "--dir", nodeDirectory.toString(), "--cluster-id", Integer.toString(clusterId), "--sync", "batch",
                "--segment-length", Integer.toString(1 << 20), "--term-length", Integer.toString(1 << 20),
                "--tick-ms", "10", "--election-ticks", "40", "--service", service);
            nodes.put(id, new NodeProcess(id, nodeDirectory, arguments, directory.resolve("node-" + id + ".stderr")));
        }
    }

    UdpPartitionRelay relay() {
        return relay;
    }

    String clientEndpoints() {
        return String.join(",", clientEndpoints.values());
    }

    NodeProcess node(int id) {
        return nodes.get(id);
    }

    Iterable<NodeProcess> nodes() {
        return nodes.values();
    }

    void startAll() throws IOException {
        for (NodeProcess node : nodes.values()) {
            start(node);
        }
    }

    void start(NodeProcess node) throws IOException {
        node.start();
        pids.add(node.pid());
    }

    /** The serving node that reports LEADER in the highest term, if any. */
    Optional<NodeProcess> leader() {
        return nodes.values().stream().filter(NodeProcess::serving).filter(NodeProcess::leads)
            .max(Comparator.comparingLong(NodeProcess::term));
    }

    /** Waits for a serving leader in a term above {@code aboveTerm}. */
    NodeProcess awaitLeader(long aboveTerm) throws InterruptedException {
        await(() -> leader().filter(l -> l.term() > aboveTerm).isPresent(), "a leader in a term above " + aboveTerm);
        return leader().orElseThrow();
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + AWAIT_SECONDS + " s waiting for " + what + "; " +
                    describe());
            }
            Thread.sleep(20);
        }
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        nodes.values().forEach(node -> text.append("\n  ").append(node.describe()));
        return text.toString();
    }

    /** Last index in a node's log, read without locking (safe while the node runs). */
    static long logLastIndex(NodeProcess node) {
        try (LogInspector inspector = LogInspector.open(new FileStorage(node.directory.resolve(NodeDirectory.LOG_DIRECTORY)))) {
            return inspector.summary(false).lastIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Offline, after the nodes stopped: the key-value state of a node directory rebuilt from its snapshot
     * and log up to {@code index}, as snapshot bytes (values, sessions and index: equal bytes, equal state).
     */
    static byte[] stateAt(Path nodeDirectory, long index) throws IOException {
        KvStateMachine machine = new KvStateMachine();
        SnapshotStore store = SnapshotStore.open(nodeDirectory.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY));
        Optional<SnapshotInfo> snapshot = store.newestValid();
        long from = 1;
        if (snapshot.isPresent()) {
            if (snapshot.get().lastIncludedIndex() > index) {
                throw new AssertionError(nodeDirectory + " has a snapshot past index " + index);
            }
            try (SnapshotReader reader = store.open(snapshot.get().fileName())) {
                machine.restore(reader);
                reader.finish();
            }
            from = snapshot.get().lastIncludedIndex() + 1;
        }
        WalConfig config = new WalConfig().createIfMissing(false).syncPolicy(SyncPolicy.NONE).preallocateAhead(false)
            .segmentLengthBytes(1 << 20);
        try (WriteAheadLog log = WriteAheadLog.open(nodeDirectory.resolve(NodeDirectory.LOG_DIRECTORY), config)) {
            Entry entry = new Entry();
            for (long i = Math.max(from, log.firstIndex()); i <= index; i++) {
                if (!log.read(i, entry)) {
                    throw new AssertionError(nodeDirectory + " cannot read index " + i + " of [" + log.firstIndex() +
                        ", " + log.lastIndex() + "]");
                }
                if (entry.payloadLength() > 0) {
                    machine.apply(i, entry.buffer(), entry.payloadOffset(), entry.payloadLength());
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        machine.snapshot().writeTo(bytes);
        return bytes.toByteArray();
    }

    static long commitIndexHint(Path nodeDirectory) throws IOException {
        return RaftStateFile.read(new FileStorage(nodeDirectory)).commitIndexHint();
    }

    /** Kills what is left and removes the Aeron directories of the processes that could not remove theirs. */
    @Override
    public void close() {
        nodes.values().forEach(NodeProcess::destroy);
        if (relay != null) {
            try {
                relay.close();
            } catch (IOException ignored) {
                // The test is over; the relay's sockets go with the JVM.
            }
        }
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        for (NodeProcess node : nodes.values()) {
            for (long pid : pids) {
                deleteRecursively(base.resolve("replog-aeron-" + clusterId + "-" + node.id + "-" + pid));
            }
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a leftover directory in /dev/shm is harmless.
        }
    }
}

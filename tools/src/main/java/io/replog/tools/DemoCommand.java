package io.replog.tools;

import io.replog.replication.node.ReplogNode;
import io.replog.replication.raft.Role;
import io.replog.wal.SyncPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** {@code replog demo}: a 3-node cluster on loopback, a load, a leader killed, snapshots, a summary. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Starts a 3-node replog cluster in this JVM on loopback UDP, drives requests from concurrent",
        "clients, kills the leader abruptly halfway, shows the new leader, takes a snapshot and compacts every",
        "log, restarts the killed node, and checks every node with the checkers.",
        "--mode smr: the example key-value store replicated as commands; the clients' history goes to",
        "DIR/history.jsonl and must be linearizable, and no acknowledged append may be lost or applied twice.",
        "--mode primary-backup: counters stamped with the primary's clock and random ids, replicated as state",
        "deltas; every replica's deliveries go to DIR/deliveries.jsonl and must keep primary order.",
        "Leaves DIR/node-1..3 for `replog log-inspect` and `replog snapshot`. Exit 0 when every check passes,",
        "1 when one does not."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "replog-data/demo",
        description = "where the node directories go; node-1..3 in it are replaced (default: ${DEFAULT-VALUE})")
    Path directory;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "20000", description = "appends to acknowledge (default: ${DEFAULT-VALUE})")
    long operations;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "32",
        description = "concurrent clients, one request in flight each (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--sync", paramLabel = "POLICY", defaultValue = "batch",
        description = "none, batch or always (batch and always both force once per batch of Raft work; default: ${DEFAULT-VALUE})")
    String sync;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "smr",
        description = "smr (state machine replication) or primary-backup (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--check-timeout-seconds", paramLabel = "S", defaultValue = "120",
        description = "time the linearizability checker may take before answering unknown (default: ${DEFAULT-VALUE})")
    long checkTimeoutSeconds;

    @Option(names = "--json", description = "print one JSON document instead of the narrative")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private final AtomicLong leaderChanges = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        if (operations < 10 || clients < 1) {
            throw new CommandLine.ParameterException(commandLine, "--ops must be at least 10 and --clients at least 1");
        }
        SyncPolicy policy = syncPolicy(commandLine);
        DemoMode demo = mode(commandLine);
        out = spec.commandLine().getOut();
        prepare(directory, 3);
        demo.open(directory);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mode", mode);
        try (DemoCluster cluster = new DemoCluster(directory, 3, policy, Math.max(1000, operations / 4), 1000,
            (id, role, term, leaderId) -> onRoleChange(id, role, term), demo::start)) {
            cluster.startAll();
            ReplogNode first = cluster.awaitLeader(30_000);
            say("node %d leads (term %d); %s%n", first.id(), first.term(), demo.describeLoad(clients, operations));
            Thread killer = new Thread(() -> killLeaderHalfway(cluster, demo, summary), "demo-killer");
            long startNs = System.nanoTime();
            killer.start();
            demo.run(cluster::leader, clients);
            double seconds = (System.nanoTime() - startNs) / 1e9;
            killer.join();
            summary.put("acknowledged", demo.acknowledgedCount());
            summary.put("commitsPerSecond", Math.round(demo.acknowledgedCount() / seconds));
            summary.put("retries", demo.retries());
            say("%d operations acknowledged in %.1f s (%d/s), %d retried after failures%n", demo.acknowledgedCount(),
                seconds, Math.round(demo.acknowledgedCount() / seconds), demo.retries());
            snapshotAndCompact(cluster, summary);
            restartKilled(cluster, summary);
            DemoMode.Outcome verdict = demo.check(cluster, directory);
            summary.putAll(verdict.fields());
            summary.put("leaderChanges", leaderChanges.get());
            summary.put("directory", directory.toAbsolutePath().toString());
            report(summary, verdict);
            return verdict.passed() ? Replog.OK : Replog.FOUND_PROBLEM;
        }
    }

    private DemoMode mode(CommandLine commandLine) {
        return DemoMode.of(mode, operations, checkTimeoutSeconds, commandLine);
    }

    private SyncPolicy syncPolicy(CommandLine commandLine) {
        return DemoMode.syncPolicy(sync, commandLine);
    }

    private void onRoleChange(int id, Role role, long term) {
        if (role == Role.LEADER) {
            leaderChanges.incrementAndGet();
        }
    }

    private void killLeaderHalfway(DemoCluster cluster, DemoMode load, Map<String, Object> summary) {
        try {
            while (load.acknowledgedCount() < operations / 2) {
                Thread.sleep(1);
            }
            ReplogNode leader = cluster.awaitLeader(30_000);
            int killed = leader.id();
            say("killing the leader, node %d, after %d acknowledged operations (no clean shutdown)%n", killed,
                load.acknowledgedCount());
            long killedNs = System.nanoTime();
            cluster.kill(killed);
            ReplogNode successor = cluster.awaitLeader(30_000);
            long failoverMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);
            say("node %d took over in %d ms (term %d)%n", successor.id(), failoverMs, successor.term());
            summary.put("killedLeader", killed);
            summary.put("newLeader", successor.id());
            summary.put("failoverMs", failoverMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void snapshotAndCompact(DemoCluster cluster, Map<String, Object> summary) throws Exception {
        Map<String, Object> snapshots = new LinkedHashMap<>();
        for (ReplogNode node : cluster.nodes().values()) {
            long index = snapshotNow(node);
            snapshots.put("node-" + node.id(), Map.of("snapshotIndex", index, "logFirstIndex", node.logFirstIndex()));
            say("node %d: snapshot at index %d, log compacted to start at index %d%n", node.id(), index,
                node.logFirstIndex());
        }
        summary.put("snapshots", snapshots);
    }

    /** Asks for a snapshot, waiting out one the node's own policy may be writing at that moment. */
    private static long snapshotNow(ReplogNode node) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return node.snapshotNow().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt >= 100 || !(e.getCause() instanceof IllegalStateException)) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private void restartKilled(DemoCluster cluster, Map<String, Object> summary) throws Exception {
        Object killed = summary.get("killedLeader");
        if (killed == null) {
            return;
        }
        int id = (Integer)killed;
        long startNs = System.nanoTime();
        cluster.start(id);
        ReplogNode leader = cluster.awaitLeader(30_000);
        long target = leader.readIndex().get(30, TimeUnit.SECONDS);
        ReplogNode restarted = cluster.nodes().get(id);
        while (restarted.appliedIndex() < target) {
            if (System.nanoTime() - startNs > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException("node " + id + " did not catch up to index " + target + " in 60 s (applied " +
                    restarted.appliedIndex() + ", role " + restarted.role() + ", failure " + restarted.failure() + ")");
            }
            Thread.sleep(5);
        }
        long catchUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        summary.put("restartCatchUpMs", catchUpMs);
        say("restarted node %d: caught up to index %d in %d ms%n", id, target, catchUpMs);
    }

    private void say(String format, Object... arguments) {
        if (!json) {
            out.printf(format, arguments);
            out.flush();
        }
    }

    private void report(Map<String, Object> summary, DemoMode.Outcome verdict) {
        if (json) {
            Json.print(out, summary);
            return;
        }
        out.printf("%n%s", verdict.narrative());
        out.printf("leader changes %d; node directories in %s%n", leaderChanges.get(), directory.toAbsolutePath());
        out.printf("next: ./replog log-inspect %s/node-1   ./replog snapshot list %s/node-1%n", directory, directory);
        out.flush();
    }

    /** Removes node-N directories left by an earlier run, and nothing else. */
    static void prepare(Path directory, int nodeCount) throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IOException("--dir " + directory + " is a file, not a directory: give a directory for the node " +
                "directories and the history");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("cannot create --dir " + directory + " for the node directories: " + e, e);
        }
        for (int id = 1; id <= nodeCount; id++) {
            Path node = directory.resolve("node-" + id);
            if (Files.exists(node)) {
                try (Stream<Path> paths = Files.walk(node)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }
}

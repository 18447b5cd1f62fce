package io.replog.tools;

import io.replog.replication.node.ReplogNode;
import io.replog.replication.raft.Role;
import io.replog.replication.transport.LinkFaults;
import io.replog.wal.SyncPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code replog chaos}: the demo's cluster and clients for as long as asked, under a nemesis that
 * keeps crashing leaders and followers (abruptly, no clean shutdown) and restarting them, then the
 * same checks as the demo on the whole history.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = {"Runs a replog cluster in this JVM on loopback UDP under client load for --seconds while a",
        "nemesis, driven by --seed, crashes leaders and followers abruptly (at most a minority down at once) and",
        "restarts them, isolates the leader, partitions a minority off, pauses the leader's thread and heals the",
        "network; small snapshot and retention settings make restarted nodes catch up through snapshot",
        "install. Then every node is checked as in `replog demo`: --mode smr writes DIR/history.jsonl and checks",
        "linearizability, --mode primary-backup writes DIR/deliveries.jsonl and checks primary order. Exit 0",
        "when every check passes, 1 when one does not."})
final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "smr", description = "smr or primary-backup (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "3 or 5 (default: ${DEFAULT-VALUE})")
    int nodeCount;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "30", description = "how long the nemesis runs (default: ${DEFAULT-VALUE})")
    long seconds;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "16", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seed", paramLabel = "S", description = "seeds the nemesis's choices (default: from the clock; printed)")
    Long seed;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "replog-data/chaos",
        description = "where node directories and the history go; node-N in it are replaced (default: ${DEFAULT-VALUE})")
    Path directory;

    @Option(names = "--sync", paramLabel = "POLICY", defaultValue = "batch", description = "none, batch or always (default: ${DEFAULT-VALUE})")
    String sync;

    @Option(names = "--check-timeout-seconds", paramLabel = "S", defaultValue = "300",
        description = "time the linearizability checker may take before answering unknown (default: ${DEFAULT-VALUE})")
    long checkTimeoutSeconds;

    @Option(names = "--json", description = "print one JSON document instead of the narrative")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private final AtomicLong leaderChanges = new AtomicLong();
    private final Map<String, Long> faults = new TreeMap<>();

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        if (nodeCount != 3 && nodeCount != 5) {
            throw new CommandLine.ParameterException(commandLine, "--nodes must be 3 or 5, not " + nodeCount);
        }
        if (seconds < 1 || clients < 1) {
            throw new CommandLine.ParameterException(commandLine, "--seconds and --clients must be at least 1");
        }
        SyncPolicy policy = DemoMode.syncPolicy(sync, commandLine);
        DemoMode demo = DemoMode.of(mode, Long.MAX_VALUE, checkTimeoutSeconds, commandLine);
        long runSeed = seed != null ? seed : System.nanoTime();
        Random random = new Random(runSeed);
        out = commandLine.getOut();
        DemoCommand.prepare(directory, nodeCount);
        demo.open(directory);
        try (DemoCluster cluster = new DemoCluster(directory, nodeCount, policy, 300, 50,
            (id, role, term, leaderId) -> leaderChanges.addAndGet(role == Role.LEADER ? 1 : 0), demo::start)) {
            cluster.startAll();
            cluster.awaitLeader(30_000);
            say("chaos: %d nodes, %s, nemesis seed %d, %d s%n", nodeCount, demo.describeLoad(clients, 0).replaceAll(", 0 operations$", ""),
                runSeed, seconds);
            java.util.concurrent.atomic.AtomicReference<Throwable> loadFailure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread load = new Thread(() -> {
                try {
                    demo.run(cluster::leader, clients);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    loadFailure.set(e);
                }
            }, "chaos-load");
            long startNs = System.nanoTime();
            load.start();
            nemesis(cluster, random, startNs + TimeUnit.SECONDS.toNanos(seconds));
            demo.stop();
            load.join();
            if (loadFailure.get() != null) {
                throw new IllegalStateException("the clients failed: " + loadFailure.get().getMessage(), loadFailure.get());
            }
            double elapsed = (System.nanoTime() - startNs) / 1e9;
            awaitConverged(cluster);
            DemoMode.Outcome outcome = demo.check(cluster, directory);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("mode", mode);
            summary.put("nodes", nodeCount);
            summary.put("seed", runSeed);
            summary.put("seconds", Math.round(elapsed));
            summary.put("acknowledged", demo.acknowledgedCount());
            summary.put("commitsPerSecond", Math.round(demo.acknowledgedCount() / elapsed));
            summary.put("retries", demo.retries());
            summary.put("faults", faults);
            summary.put("leaderChanges", leaderChanges.get());
            summary.putAll(outcome.fields());
            summary.put("directory", directory.toAbsolutePath().toString());
            if (json) {
                Json.print(out, summary);
            } else {
                out.printf("%n%d operations acknowledged in %.0f s, faults %s, leader changes %d%n%s", demo.acknowledgedCount(),
                    elapsed, faults, leaderChanges.get(), outcome.narrative());
                out.printf("replay the nemesis: ./replog chaos --mode %s --nodes %d --seconds %d --seed %d%n", mode, nodeCount,
                    seconds, runSeed);
                out.flush();
            }
            return outcome.passed() ? Replog.OK : Replog.FOUND_PROBLEM;
        }
    }

    /**
     * Every few hundred milliseconds one fault: crash the leader or another node (abruptly), restart a
     * crashed one, isolate the leader, split off a random minority, pause the leader's thread (as a
     * long GC pause or SIGSTOP would), or heal the network. At most a minority is down at once.
     */
    private void nemesis(DemoCluster cluster, Random random, long deadlineNs) throws Exception {
        List<Integer> down = new ArrayList<>();
        int maxDown = (nodeCount - 1) / 2;
        LinkFaults links = cluster.faults();
        while (System.nanoTime() < deadlineNs) {
            Thread.sleep(200 + random.nextInt(800));
            int roll = random.nextInt(20);
            if (!down.isEmpty() && (down.size() >= maxDown || roll < 6)) {
                int id = down.remove(random.nextInt(down.size()));
                cluster.start(id);
                count("restart");
                say("restarted node %d%n", id);
            } else if (roll < 10) {
                ReplogNode leader = cluster.leader().orElse(null);
                if (leader != null) {
                    crash(cluster, leader.id(), "crash-leader", down);
                }
            } else if (roll < 12) {
                List<Integer> up = new ArrayList<>(cluster.nodes().keySet());
                crash(cluster, up.get(random.nextInt(up.size())), "crash-node", down);
            } else if (roll < 14) {
                cluster.leader().ifPresent(leader -> {
                    links.isolate(leader.id(), cluster.members());
                    count("isolate-leader");
                    say("isolated the leader, node %d%n", leader.id());
                });
            } else if (roll < 16) {
                java.util.Set<Integer> side = new java.util.TreeSet<>();
                List<Integer> members = new ArrayList<>(cluster.members());
                while (side.size() < 1 + random.nextInt(maxDown)) {
                    side.add(members.get(random.nextInt(members.size())));
                }
                links.partition(side, cluster.members());
                count("partition");
                say("partitioned %s from the rest%n", side);
            } else if (roll < 17) {
                cluster.leader().ifPresent(leader -> {
                    links.stall(leader.id());
                    count("pause-leader");
                    say("paused the leader, node %d%n", leader.id());
                });
            } else {
                links.heal();
                count("heal");
                say("healed the network%n");
            }
        }
        links.heal();
        for (int id : down) {
            cluster.start(id);
            count("restart");
        }
    }

    private void crash(DemoCluster cluster, int id, String kind, List<Integer> down) {
        cluster.faults().resume(id); // a paused process dies at once when killed
        cluster.kill(id);
        down.add(id);
        count(kind);
        say("crashed node %d (%s)%n", id, kind);
    }

    private void count(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    private static void awaitConverged(DemoCluster cluster) throws Exception {
        ReplogNode leader = cluster.awaitLeader(60_000);
        long target = leader.readIndex().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!cluster.nodes().values().stream().allMatch(node -> node.appliedIndex() >= target)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the nodes did not all apply index " + target + " within 120 s");
            }
            Thread.sleep(10);
        }
    }

    private void say(String format, Object... arguments) {
        if (!json) {
            out.printf(format, arguments);
            out.flush();
        }
    }
}

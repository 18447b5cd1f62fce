package io.replog.tools;

import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What differs between {@code replog demo --mode smr} and {@code --mode primary-backup}. */
interface DemoMode {
    /** One line saying what the clients do. */
    String describeLoad(int clients, long operations);

    /** Starts node {@code id} running this mode's service. */
    ReplogNode start(int id, NodeConfig config) throws IOException;

    /** Prepares to record the run's history in {@code directory}. */
    void open(Path directory) throws IOException;

    /** Runs the clients until {@code operations} requests are acknowledged. */
    void run(Supplier<Optional<ReplogNode>> leader, int clients) throws InterruptedException;

    long acknowledgedCount();

    long retries();

    /**
     * Checks what every live node holds against what clients were told, with the checkers, and writes
     * the history the verdict rests on into {@code directory} for {@code replog check}.
     */
    Outcome check(DemoCluster cluster, Path directory) throws IOException;

    /** The summary fields of the check, whether it passed, and the lines that say so. */
    record Outcome(Map<String, Object> fields, boolean passed, String narrative) {
    }
}

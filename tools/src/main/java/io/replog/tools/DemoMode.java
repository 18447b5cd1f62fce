package io.replog.tools;

import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;

import io.replog.wal.SyncPolicy;
import picocli.CommandLine;

import java.io.IOException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** What differs between {@code --mode smr} and {@code --mode primary-backup} in {@code replog demo} and {@code replog chaos}. */
interface DemoMode {
    /** One line saying what the clients do. */
    String describeLoad(int clients, long operations);

    /** Starts node {@code id} running this mode's service. */
    ReplogNode start(int id, NodeConfig config) throws IOException;

    /** Prepares to record the run's history in {@code directory}. */
    void open(Path directory) throws IOException;

    /** Runs the clients until {@code operations} requests are acknowledged. */
    void run(Supplier<Optional<ReplogNode>> leader, int clients) throws InterruptedException;

    /** Makes {@link #run} return once every client has finished the request it is on. */
    void stop();

    long acknowledgedCount();

    long retries();

    /**
     * Checks what every live node holds against what clients were told, with the checkers, and writes
     * the history the verdict rests on into {@code directory} for {@code replog check}.
     */
    Outcome check(DemoCluster cluster, Path directory) throws IOException;

    /** The mode named {@code mode} ({@code smr} or {@code primary-backup}); a usage error otherwise. */
    static DemoMode of(String mode, long operations, long checkTimeoutSeconds, CommandLine commandLine) {
        if (checkTimeoutSeconds < 1) {
            throw new CommandLine.ParameterException(commandLine, "--check-timeout-seconds must be at least 1");
        }
        return switch (mode) {
            case "smr" -> new SmrDemo(operations, Duration.ofSeconds(checkTimeoutSeconds));
            case "primary-backup" -> new PrimaryBackupDemo(operations);
            default -> throw new CommandLine.ParameterException(commandLine, "--mode must be smr or primary-backup, not " + mode);
        };
    }

    static SyncPolicy syncPolicy(String sync, CommandLine commandLine) {
        return switch (sync) {
            case "none" -> SyncPolicy.NONE;
            case "batch" -> SyncPolicy.BATCH;
            case "always" -> SyncPolicy.ALWAYS;
            default -> throw new CommandLine.ParameterException(commandLine, "--sync must be none, batch or always, not " + sync);
        };
    }

    /** The summary fields of the check, whether it passed, and the lines that say so. */
    record Outcome(Map<String, Object> fields, boolean passed, String narrative) {
    }
}

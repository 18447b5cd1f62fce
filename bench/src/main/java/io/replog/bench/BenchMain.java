package io.replog.bench;

import io.replog.bench.cluster.ClusterBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code bench}: the entry point of the shaded benchmark jar ({@code replog bench ...} runs it).
 * <p>
 * Chronicle Queue is told here, before any of its classes load, not to phone home, announce itself
 * or watch the disk; the launcher passes the same properties, this is the fallback for other ways
 * of starting the jar.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "replog-bench 0.1.0",
    description = "replog benchmarks: `wal` and `cluster` (side by side with a peer), `snapshot` (beside raw LZ4 and " +
        "file IO), `jmh`.",
    subcommands = {WalBenchCommand.class, ClusterBenchCommand.class, SnapshotBenchCommand.class, JmhCommand.class})
public final class BenchMain implements Runnable {
    static {
        quietChronicle();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static void quietChronicle() {
        for (String property : new String[] {"chronicle.analytics.disable", "chronicle.announcer.disable",
            "chronicle.disk.monitor.disable"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    /** The configured command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchMain());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Everything after `jmh` belongs to JMH, options included.
        commandLine.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true);
        commandLine.setExecutionExceptionHandler(BenchMain::environmentError);
        return commandLine;
    }

    /** A failing disk or file system is an environment error (exit 2) with a message; anything else is a bug. */
    private static int environmentError(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed)
        throws Exception {
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            commandLine.getErr().println("bench " + commandLine.getCommandName() + " failed: " + e.getMessage() +
                " (" + e.getClass().getSimpleName() + "); check the --dir file system: space, permissions");
            return CommandLine.ExitCode.USAGE;
        }
        throw e;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: wal, cluster, snapshot or jmh");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

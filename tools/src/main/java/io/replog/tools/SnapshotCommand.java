package io.replog.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code replog snapshot ...}: the snapshots of a node directory, and compaction. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = {"List, inspect, verify, create snapshots and compact the log behind them.",
        "Exit 0 success, 1 a check found damage, 2 usage error."},
    subcommands = {SnapshotListCommand.class, SnapshotInspectCommand.class, SnapshotVerifyCommand.class,
        SnapshotCreateCommand.class, SnapshotCompactCommand.class})
final class SnapshotCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: list, inspect, " +
            "verify, create or compact");
    }
}

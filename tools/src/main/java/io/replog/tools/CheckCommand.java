package io.replog.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code replog check ...}: offline checkers for histories recorded by tests and clients. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check a recorded history: linearizability of client operations, or",
        "primary order of delivered deltas. Exit 0 the property holds, 1 it is",
        "violated, 2 usage error or unreadable input, 3 unknown (budget exhausted)."},
    subcommands = {CheckLinearizableCommand.class, CheckPrimaryOrderCommand.class})
final class CheckCommand implements Runnable {
    /** The search ran out of time or memory before deciding. 1 and 2 are taken by "violated" and "usage". */
    static final int UNKNOWN = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a check is required: linearizable or primary-order");
    }
}

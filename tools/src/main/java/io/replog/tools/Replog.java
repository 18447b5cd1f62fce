package io.replog.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code replog} command line. Exit status everywhere: 0 success, 1 a check found a problem,
 * 2 usage or environment error.
 */
@Command(name = "replog", mixinStandardHelpOptions = true, versionProvider = Replog.Version.class,
    description = "A persistent replicated log: inspect and operate replog logs.",
    subcommands = {DemoCommand.class, ChaosCommand.class, NodeCommand.class, KvCommand.class, CounterCommand.class,
        LogInspectCommand.class, SnapshotCommand.class, SimulateCommand.class,
        CheckCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Benchmarks: ./replog bench --help (runs the bench jar, built on first use)."})
public final class Replog implements Runnable {
    public static final int OK = 0;
    public static final int FOUND_PROBLEM = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Replog());
        commandLine.setExitCodeExceptionMapper(e -> USAGE);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("replog " + cmd.getCommandName() + ": " + e.getMessage());
            return USAGE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Replog.class.getPackage().getImplementationVersion();
            return new String[] {"replog " + (version == null ? "development build" : version)};
        }
    }
}

package io.replog.tools;

import io.replog.snapshot.command.SnapshotCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code replog snapshot list DIR}. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"The snapshots of a node directory (or of a snapshots directory): index, term, size, age, valid.",
        "Checks each file's header and trailer (`verify` reads every chunk). Exit 1 if any is damaged."})
final class SnapshotListCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "node directory (holding snapshots/) or snapshots directory")
    Path directory;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        NodePaths.snapshots(spec.commandLine(), directory);
        SnapshotCommands.ListResult result = SnapshotCommands.list(directory, System.currentTimeMillis());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, result);
            return result.exitCode();
        }
        out.printf("%-48s %12s %6s %10s %8s  %s%n", "snapshot", "index", "term", "size", "age", "valid");
        for (SnapshotCommands.ListedSnapshot snapshot : result.snapshots()) {
            out.printf("%-48s %12d %6d %10s %8s  %s%n", snapshot.fileName(), snapshot.index(), snapshot.term(),
                Bytes.human(snapshot.fileLengthBytes()), snapshot.ageMillis() < 0 ? "-" : age(snapshot.ageMillis()),
                snapshot.valid() ? "yes" : "NO: " + snapshot.problem());
        }
        if (result.snapshots().isEmpty()) {
            out.println("(no snapshots in " + result.directory() + ")");
        }
        for (String temporary : result.temporaryFiles()) {
            out.println("(temporary file " + temporary + ": a snapshot being written, or left by a crash)");
        }
        out.flush();
        return result.exitCode();
    }

    private static String age(long millis) {
        Duration duration = Duration.ofMillis(millis);
        long seconds = duration.toSeconds();
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return duration.toMinutes() + "m";
        }
        return seconds < 172_800 ? duration.toHours() + "h" : duration.toDays() + "d";
    }
}

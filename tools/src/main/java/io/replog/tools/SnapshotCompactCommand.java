package io.replog.tools;

import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.RetentionResult;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.command.SnapshotCommands;
import io.replog.snapshot.compaction.CompactionPlan;
import io.replog.snapshot.compaction.SegmentDescription;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog snapshot compact DIR}: deletes the log segments the newest valid snapshot covers. */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Deletes the sealed log segments whose entries are all at or below (newest fully verified",
        "snapshot index - retain), then keeps the newest --keep-snapshots valid snapshots. The node must be",
        "stopped. Says what it deleted, or with --dry-run what it would delete. Exit 1 when newer snapshots",
        "were skipped because they are damaged."})
final class SnapshotCompactCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "node directory (holding log/ and snapshots/)")
    Path directory;

    @Option(names = "--retain", paramLabel = "N", defaultValue = "0",
        description = "entries below the snapshot index to keep in the log for slow followers (default: ${DEFAULT-VALUE})")
    long retain;

    @Option(names = "--keep-snapshots", paramLabel = "K", defaultValue = "2",
        description = "valid snapshots to keep; older ones are deleted (default: ${DEFAULT-VALUE})")
    int keepSnapshots;

    @Option(names = "--dry-run", description = "say what would be deleted, delete nothing")
    boolean dryRun;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine commandLine = spec.commandLine();
        if (retain < 0 || keepSnapshots < 1) {
            throw new CommandLine.ParameterException(commandLine, "--retain must be >= 0 and --keep-snapshots >= 1");
        }
        Path node = NodePaths.node(commandLine, directory);
        SnapshotCommands.CompactReport report = SnapshotCommands.compact(node, retain, dryRun);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("directory", node.toString());
        document.put("dryRun", dryRun);
        document.put("snapshot", report.snapshotUsed().orElse(null));
        document.put("damagedSnapshotsSkipped", report.damagedSkipped());
        document.put("firstIndexBefore", report.firstIndexBefore());
        List<SegmentDescription> deleted = report.compaction().map(c -> c.plan().segmentsToDelete()).orElse(List.of());
        document.put("segmentsDeleted", deleted);
        document.put("bytesFreed", report.compaction().map(c -> c.plan().bytesToFree()).orElse(0L));
        document.put("firstIndexAfter", report.compaction().map(c -> c.firstIndexAfter()).orElse(report.firstIndexBefore()));
        RetentionResult retention = null;
        if (!dryRun) {
            retention = SnapshotStore.open(node.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY)).retain(keepSnapshots);
            document.put("snapshotsDeleted", retention.deletedSnapshots());
            document.put("temporaryFilesDeleted", retention.deletedTemporaryFiles());
        }
        if (json) {
            Json.print(commandLine.getOut(), document);
        } else {
            print(commandLine.getOut(), report, deleted, retention);
        }
        return report.exitCode();
    }

    private void print(PrintWriter out, SnapshotCommands.CompactReport report, List<SegmentDescription> deleted,
                       RetentionResult retention) {
        for (String damaged : report.damagedSkipped()) {
            out.println("skipped damaged snapshot " + damaged + " (run `replog snapshot verify` on it)");
        }
        if (report.compaction().isEmpty()) {
            out.println("no snapshot in " + directory + " passes verification: nothing can be compacted");
        } else {
            CompactionPlan plan = report.compaction().get().plan();
            String verb = dryRun ? "would delete" : "deleted";
            out.printf("behind %s: %s %d segment(s), %s; the log %s at index %d (was %d)%n",
                report.snapshotUsed().orElseThrow(), verb, deleted.size(), Bytes.human(plan.bytesToFree()),
                dryRun ? "would start" : "starts", report.compaction().get().firstIndexAfter(), report.firstIndexBefore());
            for (SegmentDescription segment : deleted) {
                out.printf("  %s %s [%d..%d]%n", verb, segment.name(), segment.firstIndex(), segment.lastIndex());
            }
        }
        if (retention != null) {
            retention.deletedSnapshots().forEach(name -> out.println("  deleted older snapshot " + name));
        }
        out.flush();
    }
}

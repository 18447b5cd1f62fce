package io.replog.tools;

import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.RetentionResult;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.compaction.CompactionResult;
import io.replog.snapshot.compaction.Compactor;
import io.replog.snapshot.compaction.SegmentDescription;
import io.replog.snapshot.compaction.WalCompactableLog;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code replog snapshot compact DIR}: deletes the log segments the newest valid snapshot covers. */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Deletes the sealed log segments whose entries are all at or below (newest fully verified",
        "snapshot index - retain), then keeps the newest --keep-snapshots valid snapshots. The node must be",
        "stopped. Says what it deleted, or with --dry-run what it would delete."})
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
        SnapshotStore store = SnapshotStore.open(node.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY));
        WalConfig config = new WalConfig().createIfMissing(false).syncPolicy(SyncPolicy.NONE).preallocateAhead(false);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("directory", node.toString());
        document.put("dryRun", dryRun);
        try (WriteAheadLog log = WriteAheadLog.open(node.resolve(NodeDirectory.LOG_DIRECTORY), config)) {
            document.put("firstIndexBefore", log.firstIndex());
            Optional<CompactionResult> result = Compactor.compactToNewestVerified(store, new WalCompactableLog(log),
                retain, dryRun);
            document.put("snapshot", result.map(CompactionResult::snapshotFileName).orElse(null));
            List<Map<String, Object>> segments = new ArrayList<>();
            result.ifPresent(r -> r.plan().segmentsToDelete().forEach(segment -> segments.add(describe(segment))));
            document.put("segmentsDeleted", segments);
            document.put("bytesFreed", result.map(r -> r.plan().bytesToFree()).orElse(0L));
            document.put("firstIndexAfter", result.map(CompactionResult::firstIndexAfter).orElse(log.firstIndex()));
        }
        if (!dryRun) {
            RetentionResult retention = store.retain(keepSnapshots);
            document.put("snapshotsDeleted", retention.deletedSnapshots());
            document.put("temporaryFilesDeleted", retention.deletedTemporaryFiles());
            document.put("damagedSnapshotsKept", retention.damagedKept());
        }
        print(document);
        return Replog.OK;
    }

    private static Map<String, Object> describe(SegmentDescription segment) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("segment", segment.name());
        row.put("firstIndex", segment.firstIndex());
        row.put("lastIndex", segment.lastIndex());
        row.put("bytes", segment.lengthBytes());
        return row;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> document) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, document);
            return;
        }
        if (document.get("snapshot") == null) {
            out.println("no snapshot in " + directory + " passes verification: nothing can be compacted");
        } else {
            String verb = dryRun ? "would delete" : "deleted";
            List<Map<String, Object>> segments = (List<Map<String, Object>>)document.get("segmentsDeleted");
            out.printf("behind %s: %s %d segment(s), %s; the log %s at index %d (was %d)%n", document.get("snapshot"),
                verb, segments.size(), Bytes.human((Long)document.get("bytesFreed")), dryRun ? "would start" : "starts",
                (Long)document.get("firstIndexAfter"), (Long)document.get("firstIndexBefore"));
            for (Map<String, Object> segment : segments) {
                out.printf("  %s  %s [%d..%d]%n", verb, segment.get("segment"), (Long)segment.get("firstIndex"),
                    (Long)segment.get("lastIndex"));
            }
        }
        if (!dryRun) {
            for (String deleted : (List<String>)document.get("snapshotsDeleted")) {
                out.println("  deleted older snapshot " + deleted);
            }
            for (String kept : (List<String>)document.get("damagedSnapshotsKept")) {
                out.println("  kept damaged snapshot " + kept + " (evidence; delete it by hand once understood)");
            }
        }
        out.flush();
    }
}

package io.replog.tools;

import io.replog.snapshot.SnapshotListing;
import io.replog.snapshot.SnapshotStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        SnapshotStore store = SnapshotStore.open(NodePaths.snapshots(spec.commandLine(), directory));
        List<SnapshotListing> listings = store.list();
        long now = System.currentTimeMillis();
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean damaged = false;
        for (SnapshotListing listing : listings) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", listing.fileName());
            row.put("index", listing.name().index());
            row.put("term", listing.name().term());
            row.put("bytes", listing.fileLengthBytes());
            row.put("valid", listing.valid());
            if (listing.valid()) {
                row.put("ageSeconds", Math.max(0, (now - listing.info().header().createdEpochMillis()) / 1000));
                row.put("uncompressedBytes", listing.info().uncompressedLengthBytes());
            } else {
                row.put("problem", listing.damage().getMessage());
                damaged = true;
            }
            rows.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("directory", store.storage().describe());
            document.put("snapshots", rows);
            document.put("temporaryFiles", store.temporaryFiles());
            Json.print(out, document);
        } else {
            out.printf("%-48s %12s %6s %10s %10s  %s%n", "snapshot", "index", "term", "size", "age", "valid");
            for (Map<String, Object> row : rows) {
                out.printf("%-48s %12d %6d %10s %10s  %s%n", row.get("file"), (Long)row.get("index"), (Long)row.get("term"),
                    Bytes.human((Long)row.get("bytes")), row.containsKey("ageSeconds") ?
                        age((Long)row.get("ageSeconds")) : "-", (Boolean)row.get("valid") ? "yes" : "NO: " + row.get("problem"));
            }
            if (rows.isEmpty()) {
                out.println("(no snapshots in " + store.storage().describe() + ")");
            }
            out.flush();
        }
        return damaged ? Replog.FOUND_PROBLEM : Replog.OK;
    }

    private static String age(long seconds) {
        Duration duration = Duration.ofSeconds(seconds);
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return duration.toMinutes() + "m";
        }
        return seconds < 172_800 ? duration.toHours() + "h" : duration.toDays() + "d";
    }
}

package io.replog.tools;

import io.replog.snapshot.VerifyResult;
import io.replog.snapshot.command.SnapshotCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog snapshot verify DIR|FILE}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Reads every chunk and the trailer of one snapshot or of every snapshot of a node directory.",
        "Exit 1 naming the damaged file and chunk when something is wrong."})
final class SnapshotVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR|FILE", description = "node directory, snapshots directory or snapshot file")
    Path path;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(path)) {
            NodePaths.snapshots(spec.commandLine(), path);
        }
        SnapshotCommands.VerifyReport report = SnapshotCommands.verify(path);
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (VerifyResult result : report.results()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", result.fileName());
            row.put("valid", result.valid());
            row.put("chunksChecked", result.chunksChecked());
            result.damageIfAny().ifPresent(damage -> {
                row.put("region", damage.region().name().toLowerCase());
                row.put("chunk", damage.chunkNumber());
                row.put("offset", damage.byteOffset());
                row.put("problem", damage.getMessage());
            });
            rows.add(row);
        }
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("path", path.toString());
            document.put("snapshots", rows);
            document.put("damaged", report.damage().size());
            document.put("ignoredTemporaryFiles", report.ignoredTemporaryFiles());
            Json.print(out, document);
        } else {
            for (Map<String, Object> row : rows) {
                out.println((Boolean)row.get("valid") ? "ok       " + row.get("file") + " (" + row.get("chunksChecked") +
                    " chunks)" : "DAMAGED  " + row.get("problem"));
            }
            if (rows.isEmpty()) {
                out.println("(no snapshots in " + path + ")");
            }
            out.flush();
        }
        return report.exitCode();
    }
}

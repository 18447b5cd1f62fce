package io.replog.tools;

import io.replog.snapshot.SnapshotVerifier;
import io.replog.snapshot.VerifyResult;
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
        SnapshotFiles files = SnapshotFiles.of(spec.commandLine(), path);
        PrintWriter out = spec.commandLine().getOut();
        List<Map<String, Object>> results = new ArrayList<>();
        boolean damaged = false;
        for (String fileName : files.fileNames()) {
            VerifyResult result = SnapshotVerifier.verify(files.storage(), fileName);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", fileName);
            row.put("valid", result.valid());
            row.put("chunksChecked", result.chunksChecked());
            result.damageIfAny().ifPresent(damage -> {
                row.put("region", damage.region().name().toLowerCase());
                row.put("chunk", damage.chunkNumber());
                row.put("offset", damage.byteOffset());
                row.put("problem", damage.getMessage());
            });
            damaged |= !result.valid();
            results.add(row);
        }
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("path", path.toString());
            document.put("snapshots", results);
            document.put("damaged", results.stream().filter(row -> !(Boolean)row.get("valid")).count());
            Json.print(out, document);
        } else {
            for (Map<String, Object> row : results) {
                out.println((Boolean)row.get("valid") ? "ok       " + row.get("file") + " (" + row.get("chunksChecked") +
                    " chunks)" : "DAMAGED  " + row.get("problem"));
            }
            if (results.isEmpty()) {
                out.println("(no snapshots in " + files.storage().describe() + ")");
            }
            out.flush();
        }
        return damaged ? Replog.FOUND_PROBLEM : Replog.OK;
    }
}

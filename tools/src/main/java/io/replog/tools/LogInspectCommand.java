package io.replog.tools;

import io.replog.wal.Corruption;
import io.replog.wal.LogInspector;
import io.replog.wal.storage.FileStorage;
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

/** {@code replog log-inspect DIR}: a read-only summary, verification and dump of a log. */
@Command(name = "log-inspect", mixinStandardHelpOptions = true,
    description = {"Summarise a replog log (a log directory, or a node directory holding log/).",
        "Never modifies the log. Exit 0 clean, 1 corruption found, 2 usage error or not a replog log."})
final class LogInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "log directory, or node directory containing log/")
    Path directory;

    @Option(names = "--verify", description = "check the CRC of every frame in every segment (default: headers and the last segment)")
    boolean verify;

    @Option(names = "--dump", description = "list entries (index, term, type, length, segment, offset, payload preview)")
    boolean dump;

    @Option(names = "--from", paramLabel = "I", description = "first index to dump (default: the log's first)")
    Long from;

    @Option(names = "--to", paramLabel = "J", description = "last index to dump (default: the log's last)")
    Long to;

    @Option(names = "--preview-bytes", paramLabel = "N", defaultValue = "32",
        description = "payload bytes shown per entry (default: ${DEFAULT-VALUE})")
    int previewBytes;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((from != null || to != null) && !dump) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from and --to need --dump");
        }
        if (previewBytes < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--preview-bytes must not be negative");
        }
        Path logDirectory = Files.isDirectory(directory.resolve("log")) ? directory.resolve("log") : directory;
        try (LogInspector inspector = LogInspector.open(new FileStorage(logDirectory))) {
            LogInspector.Summary summary = inspector.summary(verify);
            List<LogInspector.DumpedEntry> entries = new ArrayList<>();
            if (dump) {
                long first = from == null ? summary.firstIndex() : from;
                long last = to == null ? summary.lastIndex() : to;
                if (first > last && (from != null && to != null)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                        "--from " + first + " is after --to " + last);
                }
                inspector.entries(first, last, previewBytes, entries::add);
                summary = inspector.summary(verify);
            }
            if (json) {
                Json.print(out, document(summary, dump ? entries : null));
            } else {
                LogInspectReport.print(out, summary, dump ? entries : null);
            }
            return summary.corruptions().isEmpty() ? Replog.OK : Replog.FOUND_PROBLEM;
        } catch (LogInspector.NotALogException e) {
            err.println("replog log-inspect: " + e.getMessage());
            return Replog.USAGE;
        } catch (IOException e) {
            err.println("replog log-inspect: cannot read " + logDirectory + ": " + e);
            return Replog.USAGE;
        }
    }

    private static Map<String, Object> document(LogInspector.Summary summary, List<LogInspector.DumpedEntry> entries) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("directory", summary.directory());
        document.put("firstIndex", summary.firstIndex());
        document.put("lastIndex", summary.lastIndex());
        document.put("lastTerm", summary.lastTerm());
        document.put("segmentCount", summary.segments().size());
        document.put("bytes", summary.bytes());
        document.put("tornTailBytes", summary.tornTailBytes());
        document.put("verified", summary.verified());
        document.put("segments", summary.segments());
        List<Map<String, Object>> corruptions = new ArrayList<>();
        for (Corruption corruption : summary.corruptions()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", corruption.index());
            item.put("segment", corruption.segment());
            item.put("offset", corruption.offset());
            item.put("reason", corruption.reason());
            corruptions.add(item);
        }
        document.put("corruptions", corruptions);
        if (entries != null) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (LogInspector.DumpedEntry entry : entries) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("index", entry.index());
                item.put("term", entry.term());
                item.put("type", entry.type());
                item.put("length", entry.length());
                item.put("segment", entry.segment());
                item.put("offset", entry.offset());
                item.put("preview", Preview.of(entry.preview(), entry.length()));
                items.add(item);
            }
            document.put("entries", items);
        }
        return document;
    }
}

package io.replog.tools;

import io.replog.snapshot.ClusterConfiguration;
import io.replog.snapshot.SnapshotHeader;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.command.SnapshotCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog snapshot inspect FILE}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = {"A snapshot's header, configuration, chunk count and compression ratio (header and trailer",
        "are checked; `verify` reads every chunk). Exit 1 if the file is damaged."})
final class SnapshotInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a snapshot-<term>-<index>.snap file")
    Path file;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), file + " is not a file");
        }
        SnapshotCommands.InspectResult result = SnapshotCommands.inspect(file);
        if (result.info() == null) {
            spec.commandLine().getErr().println("replog snapshot inspect: " + result.problem());
            return result.exitCode();
        }
        SnapshotInfo info = result.info();
        SnapshotHeader header = info.header();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("file", file.toString());
        document.put("formatVersion", header.formatVersion());
        document.put("lastIncludedIndex", header.lastIncludedIndex());
        document.put("lastIncludedTerm", header.lastIncludedTerm());
        document.put("created", Instant.ofEpochMilli(header.createdEpochMillis()).toString());
        document.put("chunkLengthBytes", header.chunkLengthBytes());
        document.put("voters", members(header.configuration(), true));
        document.put("learners", members(header.configuration(), false));
        document.put("metadataBytes", header.metadata().length);
        document.put("chunkCount", info.trailer().chunkCount());
        document.put("uncompressedBytes", info.uncompressedLengthBytes());
        document.put("fileBytes", info.fileLengthBytes());
        document.put("compressionRatio", info.compressionRatio());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, document);
        } else {
            document.forEach((key, value) -> out.printf("%-18s %s%n", key, value));
            out.flush();
        }
        return result.exitCode();
    }

    private static String members(ClusterConfiguration configuration, boolean voters) {
        StringBuilder text = new StringBuilder();
        for (ClusterConfiguration.Member member : voters ? configuration.voters() : configuration.learners()) {
            text.append(text.length() == 0 ? "" : ",").append(member.id()).append('=').append(member.endpoint());
        }
        return text.toString();
    }
}

package io.replog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replog.snapshot.ChunkThreading;
import io.replog.snapshot.bench.SnapshotThroughput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bench snapshot}: snapshot write and read MB/s beside raw LZ4 and raw file IO, in the same run. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = {"Writes and reads snapshots of synthetic key-value state and reports MB/s of uncompressed state,",
        "beside raw LZ4 (compress, decompress) and raw file write+force and read measured in the same run; the",
        "ratio is the snapshot over the slower of the two raw figures (the target is at least 70%)."})
final class SnapshotBenchCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "where to write (on the disk to measure; default: java.io.tmpdir)")
    Path directory;

    @Option(names = "--state-mb", paramLabel = "MB", defaultValue = "256", description = "uncompressed state per run (default: ${DEFAULT-VALUE})")
    long stateMb;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "3", description = "measured rounds after a warm-up (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--threading", paramLabel = "MODE", defaultValue = "BACKGROUND",
        description = "chunk work on a helper thread (BACKGROUND) or on the caller's (INLINE) (default: ${DEFAULT-VALUE})")
    ChunkThreading threading;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (stateMb < 1 || iterations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--state-mb and --iterations must be positive");
        }
        Path base = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(base) || !Files.isWritable(base)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + base + " is not a writable directory");
        }
        Path runDirectory = base.resolve("replog-snapshot-bench-" + ProcessHandle.current().pid());
        SnapshotThroughput.Result result = new SnapshotThroughput(runDirectory, stateMb << 20, iterations, threading).run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            out.print(result.describe());
        }
        out.flush();
        return 0;
    }
}

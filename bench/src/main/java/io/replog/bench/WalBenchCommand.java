package io.replog.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replog.wal.Checksums;
import io.replog.wal.FrameDescriptor;
import io.replog.wal.SegmentDescriptor;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bench wal}: appends to a replog log (optionally side by side with a peer) and reports throughput and latency. */
@Command(name = "wal", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Appends N entries of S bytes to a fresh replog write-ahead log and reports entries/s, MB/s and " +
        "append latency percentiles (append-to-durable under --sync batch), this disk's write+force bandwidth, " +
        "and with --compare the same workload on a peer made equally durable.",
        "MB are 10^6 bytes of payload."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:success", "2:usage error, or a directory that cannot be written (or fills up)"})
final class WalBenchCommand implements Callable<Integer> {
    /** Peers that can run the same workload. */
    enum Peer {
        chronicle
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "Parent of the fresh benchmark directory; it must be " +
        "on the disk you want measured, not tmpfs (default: java.io.tmpdir, ${DEFAULT-VALUE}).")
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--entries", paramLabel = "N", description = "Entries appended per run (default ${DEFAULT-VALUE}).")
    int entries = 1_000_000;

    @Option(names = "--size", paramLabel = "BYTES", description = "Payload bytes per entry (default ${DEFAULT-VALUE}).")
    int sizeBytes = 256;

    @Option(names = "--sync", paramLabel = "POLICY", description = "none, batch or always (default ${DEFAULT-VALUE}).")
    SyncPolicy sync = SyncPolicy.BATCH;

    @Option(names = "--keep", description = "Keep the (median run's) log and print its path, for replog log-inspect.")
    boolean keep;

    @Option(names = "--json", description = "Print one JSON document on stdout (progress goes to stderr).")
    boolean json;

    @Option(names = "--compare", paramLabel = "PEER", description = "Run the same workload on this peer: ${COMPLETION-CANDIDATES}.")
    Peer compare;

    @Option(names = "--warmup", paramLabel = "N", description = "Entries appended by each system before measuring " +
        "(default: a fifth of --entries, at most 200000).")
    Integer warmupEntries;

    @Option(names = "--runs", paramLabel = "R", description = "Measured runs per system; the median is reported " +
        "(default ${DEFAULT-VALUE}).")
    int runs = 1;

    @Option(names = "--segment-mb", paramLabel = "MIB", description = "replog segment length in MiB (default " +
        "${DEFAULT-VALUE}, the log's own default).")
    int segmentMib = WalConfig.DEFAULT_SEGMENT_LENGTH_BYTES >> 20;

    @Option(names = "--peer-sync-every", paramLabel = "K", description = "Under --sync batch, the peer syncs after " +
        "every K appends (default ${DEFAULT-VALUE}); under always after every append.")
    int peerSyncEvery = 256;

    @Option(names = "--disk-mb", paramLabel = "MIB", description = "MiB written by each disk baseline per run " +
        "(write+fdatasync as the log writes, and mmap+msync; default ${DEFAULT-VALUE}).")
    int diskBaselineMib = 256;

    @Override
    public Integer call() throws IOException {
        WorkloadSpec workload = validatedSpec();
        int warmup = warmupEntries != null ? warmupEntries : Math.min(entries / 5, 200_000);
        BenchSession.Plan plan = new BenchSession.Plan(workload, warmup, runs, diskBaselineMib << 20, keep,
            compare == null ? null : new ChronicleWorkload());
        PrintWriter out = spec.commandLine().getOut();
        PrintStream progress = json ? System.err : System.out;
        if (!Checksums.intrinsic()) {
            System.err.println("warning: CRC32C is on the slow, allocating path; run with " +
                "--add-opens=java.base/java.util.zip=ALL-UNNAMED (the replog launcher does)");
        }
        WalBenchReport report;
        try (BenchDirectory directory = openDirectory()) {
            if ("tmpfs".equals(directory.fileSystemType())) {
                System.err.println("warning: " + directory.root() + " is on tmpfs: nothing measured here is durable");
            }
            report = new BenchSession(directory, plan, progress).run();
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            ReportPrinter.print(report, out);
        }
        out.flush();
        return 0;
    }

    private WorkloadSpec validatedSpec() {
        requirePositive("--entries", entries);
        requirePositive("--size", sizeBytes);
        requirePositive("--runs", runs);
        requirePositive("--peer-sync-every", peerSyncEvery);
        if (diskBaselineMib < 1 || diskBaselineMib > 1024) {
            throw usage("--disk-mb must be between 1 and 1024, not " + diskBaselineMib);
        }
        if (warmupEntries != null && warmupEntries < 0) {
            throw usage("--warmup must be zero or more, not " + warmupEntries);
        }
        long segmentBytes = (long)segmentMib << 20;
        if (segmentMib < 1 || segmentBytes > WalConfig.MAX_SEGMENT_LENGTH_BYTES) {
            throw usage("--segment-mb must be between 1 and " + (WalConfig.MAX_SEGMENT_LENGTH_BYTES >> 20) + ", not " +
                segmentMib);
        }
        if (FrameDescriptor.alignedLength(sizeBytes) > segmentBytes - SegmentDescriptor.HEADER_LENGTH) {
            throw usage("--size " + sizeBytes + " does not fit in a segment of " + segmentMib + " MiB; raise --segment-mb");
        }
        return new WorkloadSpec(entries, sizeBytes, sync, (int)segmentBytes, peerSyncEvery);
    }

    private BenchDirectory openDirectory() {
        try {
            return BenchDirectory.createUnder(parent);
        } catch (IOException | SecurityException e) {
            throw usage("--dir " + parent.toAbsolutePath() + " is not a writable directory (" + e + "); " +
                "pass a writable directory on the disk to measure");
        }
    }

    private void requirePositive(String option, long value) {
        if (value < 1) {
            throw usage(option + " must be at least 1, not " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

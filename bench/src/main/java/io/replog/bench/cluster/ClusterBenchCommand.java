package io.replog.bench.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.replog.bench.BenchDirectory;
import io.replog.replication.transport.TransportConfig;
import io.replog.wal.SyncPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code bench cluster}: commit throughput and latency of a replog cluster, optionally beside a peer's. */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Starts a cluster of --nodes replog nodes on loopback in this JVM, keeps --inflight commands of " +
        "--size bytes in flight to the leader until --count are acknowledged, and reports commits/s, MB/s and the " +
        "latency percentiles from append to committed-and-acknowledged. With --compare the peer runs the same " +
        "workload in the same run, made equally durable, and the ratios replog/peer are printed.",
        "MB are 10^6 bytes of payload."},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:success", "2:usage error, or a directory that cannot be written (or fills up)"})
public final class ClusterBenchCommand implements Callable<Integer> {
    /** The peers, by the names --compare takes. */
    static final List<String> PEERS = List.of("aeron-cluster", "ratis");

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", description = "Cluster members (default ${DEFAULT-VALUE}).")
    int nodes = 3;

    @Option(names = "--size", paramLabel = "BYTES", description = "Payload bytes per command, " +
        ClusterSpec.MIN_SIZE_BYTES + ".." + ClusterSpec.MAX_SIZE_BYTES + " (default ${DEFAULT-VALUE}).")
    int sizeBytes = 1024;

    @Option(names = "--inflight", paramLabel = "W", description = "Commands sent and not yet acknowledged, at most " +
        "(default ${DEFAULT-VALUE}).")
    int inflight = 256;

    @Option(names = "--count", paramLabel = "N", description = "Commands measured per system (default ${DEFAULT-VALUE}).")
    int count = 100_000;

    @Option(names = "--warmup-seconds", paramLabel = "S", description = "Load on each system before measuring, so " +
        "the JIT has compiled its paths (default ${DEFAULT-VALUE}).")
    double warmupSeconds = 20;

    @Option(names = "--runs", paramLabel = "N", description = "Measured runs of each system, replog and the peer " +
        "alternating; the report shows the run with the median throughput ratio (replog's median throughput without a " +
        "peer), every run, and the median of each ratio over the runs (default ${DEFAULT-VALUE}).")
    int runs = 1;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "Largest UDP payload for replog and Aeron Cluster " +
        "alike, a multiple of 32 from 64 to 65504; 0 keeps Aeron's 1408 (default ${DEFAULT-VALUE}). Ratis uses TCP.")
    int mtuBytes = 0;

    @Option(names = "--sparse-spares", description = "replog's logs make their next segments sparse instead of " +
        "writing their zeros ahead (NodeConfig.reserveLogSpace(false)): less CPU, costlier forces of small batches.")
    boolean sparseSpares;

    @Option(names = "--sync", paramLabel = "POLICY", description = "none, batch or always (default ${DEFAULT-VALUE}); " +
        "a replog node forces once per batch of Raft work under both batch and always.")
    SyncPolicy sync = SyncPolicy.BATCH;

    @Option(names = "--dir", paramLabel = "DIR", description = "Parent of the fresh data directory; it must be on the " +
        "disk you want measured, not tmpfs (default: java.io.tmpdir, ${DEFAULT-VALUE}).")
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));

    @Option(names = "--compare", paramLabel = "PEER", completionCandidates = PeerNames.class,
        description = "Run the same workload on this peer: ${COMPLETION-CANDIDATES}.")
    String compare;

    @Option(names = "--keep", description = "Keep replog's node directories and print their path, for replog log-inspect.")
    boolean keep;

    @Option(names = "--json", description = "Print one JSON document on stdout (progress goes to stderr).")
    boolean json;

    /** The names --compare accepts, for picocli's help. */
    static final class PeerNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return PEERS.iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        ClusterSpec workload = validatedSpec();
        ClusterSystem peer = peer();
        PrintWriter out = spec.commandLine().getOut();
        PrintStream progress = json ? System.err : System.out;
        ClusterBenchReport report;
        try (BenchDirectory directory = openDirectory()) {
            if ("tmpfs".equals(directory.fileSystemType())) {
                System.err.println("warning: " + directory.root() + " is on tmpfs: nothing measured here is durable");
            }
            report = new ClusterSession(directory, workload, peer, keep, progress, runs).run();
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
        } else {
            ClusterReportPrinter.print(report, out);
        }
        out.flush();
        return 0;
    }

    private ClusterSystem peer() {
        if (compare == null) {
            return null;
        }
        return switch (compare) {
            case "aeron-cluster" -> new AeronClusterPeer();
            case "ratis" -> new RatisPeer();
            default -> throw usage("--compare takes one of " + PEERS + ", not " + compare);
        };
    }

    private ClusterSpec validatedSpec() {
        requireWithin("--nodes", nodes, 1, ClusterSpec.MAX_NODES);
        requireWithin("--size", sizeBytes, ClusterSpec.MIN_SIZE_BYTES, ClusterSpec.MAX_SIZE_BYTES);
        requireWithin("--inflight", inflight, 1, ClusterSpec.MAX_INFLIGHT);
        requireWithin("--count", count, 1, Integer.MAX_VALUE);
        requireWithin("--runs", runs, 1, 20);
        if (!(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
            throw usage("--warmup-seconds must be between 0 and 3600, not " + warmupSeconds);
        }
        if (!TransportConfig.validMtu(mtuBytes)) {
            throw usage("--mtu must be " + TransportConfig.MTU_RULE + ", not " + mtuBytes);
        }
        return new ClusterSpec(nodes, sizeBytes, inflight, count, sync,
            (long)(warmupSeconds * TimeUnit.SECONDS.toNanos(1)), mtuBytes, sparseSpares);
    }

    private BenchDirectory openDirectory() {
        try {
            return BenchDirectory.createUnder(parent);
        } catch (IOException | SecurityException e) {
            throw usage("--dir " + parent.toAbsolutePath() + " is not a writable directory (" + e + "); " +
                "pass a writable directory on the disk to measure");
        }
    }

    private void requireWithin(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(option + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}

package io.replog.bench.cluster;

import io.replog.bench.BenchDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@code bench cluster} invocation: the {@link CommitFloor}, then replog and the peer (if any), one after
 * the other in this process, {@code runs} times, alternating. Each system starts its cluster fresh, is loaded for the warm-up, then measured for
 * {@code count} commands, then stopped and its data deleted (replog's kept with {@code keep}).
 */
final class ClusterSession {
    private static final int FLOOR_SAMPLES = 1000;
    private final BenchDirectory directory;
    private final ClusterSpec spec;
    private final ClusterSystem peer;
    private final boolean keep;
    private final PrintStream progress;
    private final int runs;
    private final ClusterSystem replog = new ReplogCluster();

    ClusterSession(BenchDirectory directory, ClusterSpec spec, ClusterSystem peer, boolean keep, PrintStream progress,
                   int runs) {
        this.runs = runs;
        this.directory = directory;
        this.spec = spec;
        this.peer = peer;
        this.keep = keep;
        this.progress = progress;
    }

    ClusterBenchReport run() throws IOException {
        progress.printf("floor: one fdatasync of %d B and one loopback round trip, %d samples each%n", spec.sizeBytes(),
            FLOOR_SAMPLES);
        CommitFloor floor = CommitFloor.measure(directory.root(), spec.sizeBytes(), FLOOR_SAMPLES);
        List<ClusterFigures> ours = new ArrayList<>();
        List<ClusterFigures> theirs = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            if (runs > 1) {
                progress.printf("run %d of %d%n", run, runs);
            }
            ours.add(measure(replog, run == runs));
            if (peer != null) {
                theirs.add(measure(peer, false));
            }
        }
        String kept = null;
        if (keep) {
            Path replogDirectory = directory.runDirectory(replog.name(), "run");
            directory.keep(replogDirectory);
            kept = replogDirectory.toAbsolutePath().toString();
        }
        return ClusterBenchReport.of(spec, directory.fileSystemType(), kept, ours, theirs, floor);
    }

    /** @param last whether this is replog's last run: the one {@code keep} keeps. */
    private ClusterFigures measure(ClusterSystem system, boolean last) throws IOException {
        Path path = directory.runDirectory(system.name(), "run");
        progress.printf("%s: starting %d nodes in %s%n", system.name(), spec.nodes(), path);
        ClusterFigures figures;
        try (RunningCluster cluster = system.start(path, spec)) {
            ClosedLoop loop = new ClosedLoop(cluster, spec.inflight());
            long warmupCommits = 0;
            if (spec.warmupNs() > 0) {
                progress.printf("%s: warm-up, %.0f s%n", system.name(), spec.warmupNs() / 1e9);
                warmupCommits = loop.warmUp(spec.warmupNs(), spec.warmupRoundCount());
            }
            progress.printf("%s: measuring %,d commands, %d in flight%n", system.name(), spec.count(), spec.inflight());
            CommitTracker tracker = new CommitTracker(spec.count());
            long elapsedNs = loop.run(tracker);
            figures = ClusterFigures.of(system.name(), spec.sizeBytes(), elapsedNs, tracker.latenciesNs(), warmupCommits,
                system.durability(spec));
            if (cluster.warnings() != null) {
                System.err.printf("%s: %s%n", system.name(), cluster.warnings());
            }
        }
        progress.printf("%s: %,.0f commits/s, %.1f MB/s, p50 %.0f us, p99 %.0f us%n", system.name(),
            figures.commitsPerSecond(), figures.mbPerSecond(), figures.p50Us(), figures.p99Us());
        if (!(keep && last)) {
            BenchDirectory.deleteRecursively(path);
        }
        return figures;
    }
}

package io.replog.bench;

import io.replog.wal.SyncPolicy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@code bench wal} invocation: a warm-up of every system, then {@code runs} rounds, each
 * measuring the disk baseline, replog and (when comparing) the peer in the same process, the order
 * of replog and peer alternating between rounds so that drift on a noisy machine hits both alike.
 * Each run's directory is deleted as soon as it is measured (so a run's dirty pages do not burden
 * the next), except replog's logs when they are to be kept; of those the directory keeps only the
 * median run's.
 */
final class BenchSession {
    /** What to run; {@code peer} may be null. */
    record Plan(WorkloadSpec spec, int warmupEntries, int runs, int diskBaselineBytes, boolean keep, Workload peer) {
    }

    private final BenchDirectory directory;
    private final Plan plan;
    private final PrintStream progress;
    private final Workload replog = new WalWorkload();

    BenchSession(BenchDirectory directory, Plan plan, PrintStream progress) {
        this.directory = directory;
        this.plan = plan;
        this.progress = progress;
    }

    WalBenchReport run() throws IOException {
        warmUp();
        RunSeries ours = new RunSeries();
        RunSeries peers = new RunSeries();
        List<Double> diskMbPerSecond = new ArrayList<>();
        List<Double> mmapMbPerSecond = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < plan.runs(); round++) {
            String run = "run" + (round + 1);
            diskMbPerSecond.add(DiskBaseline.writeForceMbPerSecond(directory.root(), plan.diskBaselineBytes(),
                DiskBaseline.DEFAULT_BLOCK_BYTES));
            mmapMbPerSecond.add(DiskBaseline.mmapForceMbPerSecond(directory.root(), plan.diskBaselineBytes(),
                DiskBaseline.DEFAULT_BLOCK_BYTES));
            boolean peerFirst = plan.peer() != null && round % 2 == 1;
            if (peerFirst) {
                peers.add(measure(plan.peer(), run, plan.spec()));
            }
            ours.add(measure(replog, run, plan.spec()));
            if (plan.peer() != null && !peerFirst) {
                peers.add(measure(plan.peer(), run, plan.spec()));
            }
            if (plan.peer() != null) {
                ratios.add(ours.runs().get(round).entriesPerSecond() / peers.runs().get(round).entriesPerSecond());
            }
        }
        String keptDir = plan.keep() ? keepOnlyMedian(ours) : null;
        return report(ours, peers, diskMbPerSecond, mmapMbPerSecond, ratios, keptDir);
    }

    private void warmUp() throws IOException {
        if (plan.warmupEntries() == 0) {
            return;
        }
        WorkloadSpec warmup = plan.spec().withEntries(plan.warmupEntries());
        for (Workload workload : workloads()) {
            Path path = directory.runDirectory(workload.name(), "warmup");
            progress.printf("warm-up: %s, %d entries%n", workload.name(), warmup.entries());
            workload.run(path, warmup);
            BenchDirectory.deleteRecursively(path);
        }
    }

    private List<Workload> workloads() {
        return plan.peer() == null ? List.of(replog) : List.of(replog, plan.peer());
    }

    private BenchResult measure(Workload workload, String run, WorkloadSpec spec) throws IOException {
        // Leave the previous run's garbage out of this run's figures.
        System.gc();
        Path path = directory.runDirectory(workload.name(), run);
        long[] faultsBefore = PageFaults.now();
        BenchResult result = workload.run(path, spec).withFaults(PageFaults.since(faultsBefore));
        progress.printf("%s %s: %,.0f entries/s, %.1f MB/s, p99 %.1f us, %,d minor / %,d major page faults%n", run,
            workload.name(), result.entriesPerSecond(), result.mbPerSecond(), result.p99Us(), result.minorFaults(),
            result.majorFaults());
        if (!(plan.keep() && workload == replog)) {
            BenchDirectory.deleteRecursively(path);
        }
        return result;
    }

    /** Keeps the median run's log; the others go when the directory is closed. */
    private String keepOnlyMedian(RunSeries ours) {
        Path median = directory.runDirectory(replog.name(), "run" + (ours.medianRun() + 1));
        directory.keep(median);
        return median.toAbsolutePath().toString();
    }

    private WalBenchReport report(RunSeries ours, RunSeries peers, List<Double> diskMbPerSecond,
                                  List<Double> mmapMbPerSecond, List<Double> ratios, String keptDir) {
        WorkloadSpec spec = plan.spec();
        SystemFigures replogFigures = SystemFigures.of(ours);
        double disk = RunSeries.median(diskMbPerSecond);
        PeerFigures peer = plan.peer() == null ? null : new PeerFigures(SystemFigures.of(peers),
            spec.sync() == SyncPolicy.NONE ? "NONE" : "SYNC",
            spec.sync() == SyncPolicy.NONE ? null : spec.peerAppendsPerSync());
        return new WalBenchReport(spec.sync().name().toLowerCase(), spec.entries(), spec.sizeBytes(), plan.runs(),
            plan.warmupEntries(), spec.segmentLengthBytes(), directory.fileSystemType(), keptDir, replogFigures, disk,
            diskMbPerSecond, replogFigures.mbPerSecond() / disk, RunSeries.median(mmapMbPerSecond), mmapMbPerSecond,
            peer, peer == null ? null : RunSeries.median(ratios),
            peer == null ? null : ratios);
    }
}

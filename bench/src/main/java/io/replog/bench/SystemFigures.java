package io.replog.bench;

import java.util.List;

/**
 * One system's figures for the report: the median run's throughput and latency percentiles, and the
 * spread of entries per second over all runs.
 */
public record SystemFigures(String system, double entriesPerSecond, double mbPerSecond, double p50Us, double p99Us,
                            double p999Us, double maxUs, long minorFaults, double elapsedSeconds, double entriesPerSecondMin,
                            double entriesPerSecondMax, List<Double> entriesPerSecondRuns) {

    static SystemFigures of(RunSeries series) {
        BenchResult median = series.median();
        List<Double> perRun = series.runs().stream().map(BenchResult::entriesPerSecond).toList();
        return new SystemFigures(median.system(), median.entriesPerSecond(), median.mbPerSecond(), median.p50Us(),
            median.p99Us(), median.p999Us(), median.maxUs(), median.minorFaults(), median.elapsedNs() / 1e9, series.minEntriesPerSecond(),
            series.maxEntriesPerSecond(), perRun);
    }
}

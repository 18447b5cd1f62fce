package io.replog.bench;

import org.HdrHistogram.Histogram;

/**
 * What one run of a workload measured. Latencies are in microseconds; MB are 10^6 bytes of payload
 * (frame headers not counted, so systems with different framing compare on what the user wrote).
 */
/* Page faults are the whole process's during the run, opening and closing included; -1 when unknown. */
public record BenchResult(String system, int entries, int sizeBytes, long elapsedNs, double p50Us, double p99Us,
                          double p999Us, double maxUs, long minorFaults, long majorFaults) {

    static BenchResult of(String system, int entries, int sizeBytes, long elapsedNs, Histogram latencyNs) {
        return new BenchResult(system, entries, sizeBytes, elapsedNs, micros(latencyNs, 50.0), micros(latencyNs, 99.0),
            micros(latencyNs, 99.9),
            latencyNs.getMaxValue() / 1000.0, -1, -1);
    }

    /** The same result with the page faults counted during the run. */
    BenchResult withFaults(long[] minorAndMajor) {
        return new BenchResult(system, entries, sizeBytes, elapsedNs, p50Us, p99Us, p999Us, maxUs, minorAndMajor[0],
            minorAndMajor[1]);
    }

    private static double micros(Histogram latencyNs, double percentile) {
        return latencyNs.getValueAtPercentile(percentile) / 1000.0;
    }

    public double entriesPerSecond() {
        return entries * 1e9 / elapsedNs;
    }

    public double mbPerSecond() {
        return (double)entries * sizeBytes * 1e3 / elapsedNs;
    }
}

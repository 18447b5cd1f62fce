package io.replog.bench.cluster;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.HdrHistogram.Histogram;

/**
 * What one system measured: commits per second and MB per second (10^6 bytes of payload, headers
 * not counted) over the measured round, and send-to-acknowledgement latency percentiles in
 * microseconds.
 *
 * @param warmupCommits commands acknowledged during the warm-up, before the measured round.
 * @param durability    how the system was made durable, in its own configuration terms.
 */
@JsonPropertyOrder({"system", "commits", "commitsPerSecond", "mbPerSecond", "p50Us", "p99Us", "p999Us", "maxUs",
    "meanUs", "elapsedSeconds", "warmupCommits", "durability"})
public record ClusterFigures(String system, int commits, double commitsPerSecond, double mbPerSecond, double p50Us,
                             double p99Us, double p999Us, double maxUs, double meanUs, double elapsedSeconds,
                             long warmupCommits, String durability) {

    static ClusterFigures of(String system, int sizeBytes, long elapsedNs, Histogram latencyNs, long warmupCommits,
                             String durability) {
        int commits = (int)latencyNs.getTotalCount();
        return new ClusterFigures(system, commits, commits * 1e9 / elapsedNs, (double)commits * sizeBytes * 1e3 / elapsedNs,
            micros(latencyNs.getValueAtPercentile(50.0)), micros(latencyNs.getValueAtPercentile(99.0)),
            micros(latencyNs.getValueAtPercentile(99.9)), micros(latencyNs.getMaxValue()), latencyNs.getMean() / 1000.0,
            elapsedNs / 1e9, warmupCommits, durability);
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}

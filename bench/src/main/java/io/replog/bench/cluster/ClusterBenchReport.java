package io.replog.bench.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * Everything one {@code bench cluster} invocation measured: the JSON document of {@code --json} and
 * the source of the human table. replog's figures sit at the top level ({@code commitsPerSecond},
 * {@code p99Us}, ...); the peer's, when compared, in {@code peer}, and the ratios are replog's
 * figure over the peer's from the same run (throughput: higher is better; latency: lower is).
 *
 * @param dir          the kept data directory of replog's nodes, or null when not kept.
 * @param floor        one fdatasync plus one loopback round trip, measured in the same run.
 * @param p50OverFloor replog's p50 over the floor's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"nodes", "sizeBytes", "inflight", "count", "sync", "warmupSeconds", "fileSystem", "dir"})
public record ClusterBenchReport(int nodes, int sizeBytes, int inflight, int count, String sync, double warmupSeconds,
                                 String fileSystem, String dir, @JsonUnwrapped ClusterFigures replog,
                                 ClusterFigures peer, Double throughputRatio, Double p50Ratio, Double p99Ratio,
                                 CommitFloor floor, double p50OverFloor) {

    static ClusterBenchReport of(ClusterSpec spec, String fileSystem, String dir, ClusterFigures replog,
                                 ClusterFigures peer, CommitFloor floor) {
        return new ClusterBenchReport(spec.nodes(), spec.sizeBytes(), spec.inflight(), spec.count(),
            spec.sync().name().toLowerCase(), spec.warmupNs() / 1e9, fileSystem, dir, replog, peer,
            peer == null ? null : replog.commitsPerSecond() / peer.commitsPerSecond(),
            peer == null ? null : replog.p50Us() / peer.p50Us(),
            peer == null ? null : replog.p99Us() / peer.p99Us(), floor, replog.p50Us() / floor.p50Us());
    }
}

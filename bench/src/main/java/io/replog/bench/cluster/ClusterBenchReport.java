package io.replog.bench.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything one {@code bench cluster} invocation measured: the JSON document of {@code --json} and
 * the source of the human table. replog's figures sit at the top level ({@code commitsPerSecond},
 * {@code p99Us}, ...); the peer's, when compared, in {@code peer}, and the ratios are replog's
 * figure over the peer's from the same run (throughput: higher is better; latency: lower is).
 * <p>
 * With {@code --runs N} (N &gt; 1) replog and the peer alternate N times: {@code runs} lists every run's figures
 * and ratios, the top-level figures are those of the run with the median throughput ratio (replog's median
 * throughput without a peer; the lower middle one for an even N), and each top-level ratio is the median of
 * that ratio over the runs.
 *
 * @param mtuBytes     the MTU of replog's and Aeron Cluster's UDP publications, 0 for Aeron's default (1408).
 * @param dir          the kept data directory of replog's nodes, or null when not kept.
 * @param floor        one fdatasync plus one loopback round trip, measured in the same run.
 * @param p50OverFloor replog's p50 over the floor's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"nodes", "sizeBytes", "inflight", "count", "sync", "mtuBytes", "warmupSeconds", "fileSystem", "dir"})
public record ClusterBenchReport(int nodes, int sizeBytes, int inflight, int count, String sync, int mtuBytes,
                                 double warmupSeconds,
                                 String fileSystem, String dir, @JsonUnwrapped ClusterFigures replog,
                                 ClusterFigures peer, Double throughputRatio, Double p50Ratio, Double p99Ratio,
                                 CommitFloor floor, double p50OverFloor, List<Run> runs) {

    /** One of several runs: both systems' figures and their ratios (null without a peer). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Run(ClusterFigures replog, ClusterFigures peer, Double throughputRatio, Double p50Ratio,
                      Double p99Ratio) {
        static Run of(ClusterFigures replog, ClusterFigures peer) {
            return new Run(replog, peer, peer == null ? null : replog.commitsPerSecond() / peer.commitsPerSecond(),
                peer == null ? null : replog.p50Us() / peer.p50Us(), peer == null ? null : replog.p99Us() / peer.p99Us());
        }

        /** What the run with the median is picked by. */
        double rank() {
            return throughputRatio != null ? throughputRatio : replog.commitsPerSecond();
        }
    }

    /** @param peers the peer's figures, run by run (empty without a peer). */
    static ClusterBenchReport of(ClusterSpec spec, String fileSystem, String dir, List<ClusterFigures> replogs,
                                 List<ClusterFigures> peers, CommitFloor floor) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < replogs.size(); i++) {
            runs.add(Run.of(replogs.get(i), peers.isEmpty() ? null : peers.get(i)));
        }
        List<Run> byRank = new ArrayList<>(runs);
        byRank.sort(Comparator.comparingDouble(Run::rank));
        Run median = byRank.get((byRank.size() - 1) / 2);
        boolean compared = median.peer() != null;
        return new ClusterBenchReport(spec.nodes(), spec.sizeBytes(), spec.inflight(), spec.count(),
            spec.sync().name().toLowerCase(), spec.mtuBytes(), spec.warmupNs() / 1e9, fileSystem, dir, median.replog(), median.peer(),
            compared ? median(runs, Run::throughputRatio) : null, compared ? median(runs, Run::p50Ratio) : null,
            compared ? median(runs, Run::p99Ratio) : null, floor, median.replog().p50Us() / floor.p50Us(),
            runs.size() > 1 ? runs : null);
    }

    private static Double median(List<Run> runs, java.util.function.Function<Run, Double> ratio) {
        List<Double> values = new ArrayList<>();
        for (Run run : runs) {
            values.add(ratio.apply(run));
        }
        values.sort(null);
        return values.get((values.size() - 1) / 2);
    }
}

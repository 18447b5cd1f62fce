package io.replog.bench.cluster;

import java.io.PrintWriter;

/** The human form of a {@link ClusterBenchReport}: a small table, the ratios and how each side was durable. */
final class ClusterReportPrinter {
    private static final String ROW = "%-14s %12s %9s %9s %9s %10s %10s %12s%n";

    private ClusterReportPrinter() {
    }

    static void print(ClusterBenchReport report, PrintWriter out) {
        out.printf("%nbench cluster: %d nodes on loopback, %,d commands x %d B, %d in flight, sync %s, MTU %s, " +
                "warm-up %.0f s per system, %s%n", report.nodes(), report.count(), report.sizeBytes(), report.inflight(),
            report.sync(), report.mtuBytes() == 0 ? "1408 B (Aeron's default)" : report.mtuBytes() + " B",
            report.warmupSeconds(), report.fileSystem());
        if (report.runs() != null) {
            for (int i = 0; i < report.runs().size(); i++) {
                ClusterBenchReport.Run run = report.runs().get(i);
                out.printf("run %d: replog %,.0f commits/s, p50 %.0f us, p99 %.0f us%s%n", i + 1,
                    run.replog().commitsPerSecond(), run.replog().p50Us(), run.replog().p99Us(), run.peer() == null ? "" :
                        String.format("; %s %,.0f commits/s, p50 %.0f us, p99 %.0f us; throughput %.2fx, p50 %.2fx, p99 %.2fx",
                            run.peer().system(), run.peer().commitsPerSecond(), run.peer().p50Us(), run.peer().p99Us(),
                            run.throughputRatio(), run.p50Ratio(), run.p99Ratio()));
            }
            out.printf("the run with the median %s of %d:%n", report.peer() == null ? "throughput" : "throughput ratio",
                report.runs().size());
        }
        out.printf(ROW, "system", "commits/s", "MB/s", "p50 us", "p99 us", "p99.9 us", "max us", "warm-up");
        row(out, report.replog());
        if (report.peer() != null) {
            row(out, report.peer());
            out.printf("replog/%s: throughput %.2fx, p50 %.2fx, p99 %.2fx (latency: below 1 is better)%s%n",
                report.peer().system(), report.throughputRatio(), report.p50Ratio(), report.p99Ratio(),
                report.runs() == null ? "" : ", medians of the " + report.runs().size() + " runs' ratios");
        }
        CommitFloor floor = report.floor();
        out.printf("floor: fdatasync p50 %.0f us + loopback round trip p50 %.0f us = %.0f us; replog p50 = %.2fx floor%s%n",
            floor.fsyncP50Us(), floor.roundTripP50Us(), floor.p50Us(), report.p50OverFloor(), report.peer() == null ? "" :
                String.format(", %s p50 = %.2fx floor", report.peer().system(), report.peer().p50Us() / floor.p50Us()));
        out.printf("durability: replog %s%n", report.replog().durability());
        if (report.peer() != null) {
            out.printf("            %s %s%n", report.peer().system(), report.peer().durability());
        }
        if (report.dir() != null) {
            out.printf("node directories kept in %s (inspect with: replog log-inspect %s/node-1)%n", report.dir(),
                report.dir());
        }
    }

    private static void row(PrintWriter out, ClusterFigures figures) {
        out.printf(ROW, figures.system(), String.format("%,.0f", figures.commitsPerSecond()),
            String.format("%.1f", figures.mbPerSecond()), String.format("%.0f", figures.p50Us()),
            String.format("%.0f", figures.p99Us()), String.format("%.0f", figures.p999Us()),
            String.format("%.0f", figures.maxUs()), String.format("%,d", figures.warmupCommits()));
    }
}

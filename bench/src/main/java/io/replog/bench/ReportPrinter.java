package io.replog.bench;

import java.io.PrintWriter;

/** The human form of a {@link WalBenchReport}: a small table and the comparisons the issue asks for. */
final class ReportPrinter {
    private static final String ROW = "%-10s %14s %10s %9s %9s %9s %10s %22s%n";

    private ReportPrinter() {
    }

    static void print(WalBenchReport report, PrintWriter out) {
        out.printf("%nbench wal: %,d entries x %d B, sync %s, %d run(s) (median shown), segments of %d MiB, %s%n",
            report.entries(), report.sizeBytes(), report.sync(), report.runs(), report.segmentLengthBytes() >> 20,
            report.fileSystem());
        out.printf(ROW, "system", "entries/s", "MB/s", "p50 us", "p99 us", "p99.9 us", "max us", "entries/s min..max");
        row(out, report.replog());
        if (report.peer() != null) {
            row(out, report.peer().figures());
        }
        if (report.peer() != null) {
            String durability = report.peer().syncEveryAppends() == null ? "no syncing" :
                "SyncMode.SYNC, sync() every " + report.peer().syncEveryAppends() + " appends";
            out.printf("ratio replog/%s entries/s: %.2fx (median of per-run ratios; runs %s); peer %s%n",
                report.peer().figures().system(), report.ratio(), formatRatios(report), durability);
        }
        out.printf("disk write+force (1 MiB blocks): %.1f MB/s; replog = %.0f%% of it; mmap+msync (a mapped " +
                "write path) %.1f MB/s%n", report.diskWriteForceMbPerSecond(), 100 * report.fractionOfDisk(),
            report.diskMmapForceMbPerSecond());
        if (report.dir() != null) {
            out.printf("log kept in %s (inspect with: replog log-inspect %s)%n", report.dir(), report.dir());
        }
    }

    private static void row(PrintWriter out, SystemFigures figures) {
        out.printf(ROW, figures.system(), String.format("%,.0f", figures.entriesPerSecond()),
            String.format("%.1f", figures.mbPerSecond()), String.format("%.1f", figures.p50Us()),
            String.format("%.1f", figures.p99Us()), String.format("%.1f", figures.p999Us()),
            String.format("%.0f", figures.maxUs()),
            String.format("%,.0f..%,.0f", figures.entriesPerSecondMin(), figures.entriesPerSecondMax()));
    }

    private static String formatRatios(WalBenchReport report) {
        StringBuilder text = new StringBuilder();
        for (double ratio : report.ratioRuns()) {
            text.append(text.length() == 0 ? "" : " ").append(String.format("%.2f", ratio));
        }
        return text.toString();
    }
}

package io.replog.tools;

import io.replog.wal.Corruption;
import io.replog.wal.LogInspector;

import java.io.PrintWriter;
import java.util.List;

/** The human-readable form of {@code replog log-inspect}. */
final class LogInspectReport {
    private LogInspectReport() {
    }

    static void print(PrintWriter out, LogInspector.Summary summary, List<LogInspector.DumpedEntry> entries) {
        out.printf("log          %s%n", summary.directory());
        out.printf("segments     %d (%s)%n", summary.segments().size(), Bytes.human(summary.bytes()));
        out.printf("first index  %d%n", summary.firstIndex());
        out.printf("last index   %d%s%n", summary.lastIndex(),
            summary.lastIndex() < summary.firstIndex() ? " (empty)" : "");
        out.printf("last term    %d%n", summary.lastTerm());
        out.printf("torn tail    %d bytes%s%n", summary.tornTailBytes(),
            summary.tornTailBytes() > 0 ? " (a write cut short by a crash; removed when a writer next opens the log)" : "");
        out.printf("checked      %s%n", summary.verified() ? "every frame" :
            "segment headers and the last segment (--verify checks every frame)");
        out.printf("corruptions  %s%n", summary.corruptions().isEmpty() ? "none" :
            String.valueOf(summary.corruptions().size()));
        for (Corruption corruption : summary.corruptions()) {
            out.printf("  - %s%n", corruption.describe());
        }
        out.println();
        out.printf("%-26s %14s %14s %10s%n", "segment", "first index", "last index", "size");
        for (LogInspector.SegmentSummary segment : summary.segments()) {
            out.printf("%-26s %14d %14d %10s%n", segment.name(), segment.firstIndex(), segment.lastIndex(),
                Bytes.human(segment.bytes()));
        }
        if (entries != null) {
            out.println();
            out.printf("%12s %8s %6s %8s %-26s %10s  %s%n", "index", "term", "type", "length", "segment", "offset",
                "payload");
            for (LogInspector.DumpedEntry entry : entries) {
                out.printf("%12d %8d %6d %8d %-26s %10d  %s%n", entry.index(), entry.term(), entry.type(),
                    entry.length(), entry.segment(), entry.offset(), Preview.of(entry.preview(), entry.length()));
            }
        }
        out.flush();
    }
}

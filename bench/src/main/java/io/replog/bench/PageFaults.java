package io.replog.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's page-fault counters (Linux {@code /proc/self/stat}), read around a run: writes to a
 * memory-mapped log fault once per page first written, and on a busy disk that, not the append code,
 * is often where the time goes. {@code -1} where the counters are not available.
 */
final class PageFaults {
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final int MINOR_FIELD = 10;
    private static final int MAJOR_FIELD = 12;

    private PageFaults() {
    }

    /** {@code {minor, major}} faults so far, or {@code {-1, -1}}. */
    static long[] now() {
        try {
            String stat = Files.readString(STAT);
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[MINOR_FIELD - 3]), Long.parseLong(fields[MAJOR_FIELD - 3])};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    static long[] since(long[] before) {
        long[] after = now();
        if (before[0] < 0 || after[0] < 0) {
            return new long[] {-1, -1};
        }
        return new long[] {after[0] - before[0], after[1] - before[1]};
    }
}

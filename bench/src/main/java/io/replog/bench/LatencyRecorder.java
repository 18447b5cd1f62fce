package io.replog.bench;

import org.HdrHistogram.Histogram;

/**
 * Append-to-durable latencies for group commit, without work on the syncer's path beyond two array
 * stores: the appending thread stamps each entry's start in a preallocated array, the durability
 * callback stamps each advance of the durable index, and the latencies are computed after the run.
 * <p>
 * Thread-safety: {@link #appendStarted} is called by the appending thread before the append that
 * publishes the entry; {@link #durableUpTo} by the syncer after it observed that publication, so
 * it sees the stamp. {@link #histogram} is called after both stopped.
 */
final class LatencyRecorder {
    private final long firstIndex;
    private final long[] startNs;
    private final long[] durableIndexes;
    private final long[] durableAtNs;
    private int durableCount;

    LatencyRecorder(long firstIndex, int entries) {
        this.firstIndex = firstIndex;
        this.startNs = new long[entries];
        this.durableIndexes = new long[entries];
        this.durableAtNs = new long[entries];
    }

    void appendStarted(long index, long nowNs) {
        startNs[(int)(index - firstIndex)] = nowNs;
    }

    /** Called each time the durable index advances; at most once per entry. */
    void durableUpTo(long index, long nowNs) {
        if (index < firstIndex || durableCount == durableIndexes.length) {
            return;
        }
        durableIndexes[durableCount] = index;
        durableAtNs[durableCount] = nowNs;
        durableCount++;
    }

    /** Latency of every entry stamped, from its append start to the first durable mark covering it. */
    Histogram histogram(Histogram into) {
        int entry = 0;
        for (int mark = 0; mark < durableCount; mark++) {
            int lastCovered = (int)Math.min(durableIndexes[mark] - firstIndex, startNs.length - 1);
            for (; entry <= lastCovered; entry++) {
                into.recordValue(Math.max(0, durableAtNs[mark] - startNs[entry]));
            }
        }
        if (entry < startNs.length) {
            throw new IllegalStateException("entries from index " + (firstIndex + entry) + " were never reported " +
                "durable (last durable mark " + (durableCount == 0 ? "none" : durableIndexes[durableCount - 1]) + ")");
        }
        return into;
    }
}

package io.replog.wal;

import org.agrona.collections.IntArrayList;

/**
 * In-memory segment indexes ({@link Segment#positions}) of deleted segments, kept for the next new
 * segment, so that a log whose old segments are deleted (compaction) allocates no index array once
 * it runs in steady state. Holds at most {@link #CAPACITY} arrays; a log that never deletes segments
 * allocates one per new segment, sized from the segment before it.
 * <p>
 * Not thread-safe: used by the appending thread, under the log's structure lock.
 */
final class IndexPool {
    static final int CAPACITY = 2;

    private final IntArrayList[] free = new IntArrayList[CAPACITY];
    private int count;

    /**
     * An empty index: a kept one if it has room for {@code entries} positions (what the last segment
     * held), else a new one with room for {@code roomyEntries}.
     */
    IntArrayList take(int entries, int roomyEntries) {
        for (int i = count - 1; i >= 0; i--) {
            IntArrayList positions = free[i];
            if (positions.capacity() >= entries) {
                free[i] = free[--count];
                free[count] = null;
                positions.clear();
                return positions;
            }
        }
        return new IntArrayList(roomyEntries, SegmentScan.CORRUPT);
    }

    /** Keeps the index of a segment that no one can reach any more (replacing a smaller one when full). */
    void release(IntArrayList positions) {
        if (count < CAPACITY) {
            free[count++] = positions;
            return;
        }
        int smallest = 0;
        for (int i = 1; i < count; i++) {
            if (free[i].capacity() < free[smallest].capacity()) {
                smallest = i;
            }
        }
        if (free[smallest].capacity() < positions.capacity()) {
            free[smallest] = positions;
        }
    }
}

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

    /** An empty index with room for at least {@code entries} positions. */
    IntArrayList take(int entries) {
        if (count == 0) {
            return new IntArrayList(entries, SegmentScan.CORRUPT);
        }
        IntArrayList positions = free[--count];
        free[count] = null;
        positions.clear();
        positions.ensureCapacity(entries);
        return positions;
    }

    /** Keeps the index of a segment that no one can reach any more (dropped when the pool is full). */
    void release(IntArrayList positions) {
        if (count < CAPACITY) {
            free[count++] = positions;
        }
    }

    int size() {
        return count;
    }
}

package io.replog.replication.raft;

/**
 * The AppendEntries sent to one follower and not yet acknowledged, oldest first: a ring of
 * (last index carried, payload bytes carried). It bounds the pipeline by count and by bytes.
 * <p>
 * Invariants: {@code 0 <= count <= capacity}; the last indexes in the ring strictly increase
 * from oldest to newest; {@code bytes} is the sum of the bytes in the ring. No allocation after
 * construction.
 */
final class Inflights {
    private final long[] lastIndexes;
    private final long[] sizesBytes;
    private final long maxBytes;
    private int start;
    private int count;
    private long bytes;

    Inflights(int capacity, long maxBytes) {
        this.lastIndexes = new long[capacity];
        this.sizesBytes = new long[capacity];
        this.maxBytes = maxBytes;
    }

    void add(long lastIndex, long sizeBytes) {
        if (count == lastIndexes.length) {
            throw new IllegalStateException("in-flight window full (" + count + " appends), caller must check full() first");
        }
        int slot = (start + count) % lastIndexes.length;
        lastIndexes[slot] = lastIndex;
        sizesBytes[slot] = sizeBytes;
        count++;
        bytes += sizeBytes;
    }

    /** Acknowledges every append whose last index is at or below {@code index}. */
    void freeUpTo(long index) {
        while (count > 0 && lastIndexes[start] <= index) {
            bytes -= sizesBytes[start];
            start = (start + 1) % lastIndexes.length;
            count--;
        }
    }

    /** Forgets every append whose last index is above {@code index}, newest first (they never left). */
    void forgetAfter(long index) {
        while (count > 0) {
            int newest = (start + count - 1) % lastIndexes.length;
            if (lastIndexes[newest] <= index) {
                return;
            }
            bytes -= sizesBytes[newest];
            count--;
        }
    }

    /** Forgets the oldest append, presumed lost, to let one more through. */
    void freeFirst() {
        if (count > 0) {
            freeUpTo(lastIndexes[start]);
        }
    }

    boolean full() {
        return count == lastIndexes.length || (maxBytes > 0 && bytes >= maxBytes);
    }

    void reset() {
        start = 0;
        count = 0;
        bytes = 0;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    int capacity() {
        return lastIndexes.length;
    }
}

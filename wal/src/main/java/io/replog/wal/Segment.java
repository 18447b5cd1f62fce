package io.replog.wal;

import io.replog.wal.storage.MappedFile;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One mapped segment file and the in-memory index of its entries.
 * <p>
 * Invariants: entries are contiguous from {@link #firstIndex}; {@code positions.get(i)} is the byte
 * position of entry {@code firstIndex + i} (or {@link SegmentScan#CORRUPT}); every byte from
 * {@link #writePosition} to the end of the file is zero;
 * {@code syncedPosition <= writtenPosition <= writePosition}.
 * A sealed segment's positions are built lazily, on first read, so opening a large log reads
 * only its last segment.
 */
final class Segment {
    final String name;
    final long firstIndex;
    final long previousTerm;
    final MappedFile file;
    /** The whole file, for reads (entries handed out point into it): valid until the segment is deleted. */
    final AtomicBuffer buffer;
    final int lengthBytes;
    /** The header failed its checks: {@link #previousTerm} is unknown and no entry can be trusted. */
    final boolean headerDamaged;

    /** Null until the segment has been scanned (sealed segments are scanned on first use). */
    IntArrayList positions;
    /** For a sealed segment not scanned yet: the last index it must hold. */
    long knownLastIndex;
    /** End of the frames appended (some may still be in a write-behind block); volatile for the syncer. */
    volatile int writePosition;
    /** End of the bytes written to the file ({@link WriteBehind}); never above {@link #writePosition}. */
    volatile int writtenPosition;
    /** Bytes before this position are known durable. Guarded by the log's structure lock. */
    int syncedPosition;
    long lastTerm;

    Segment(String name, long firstIndex, long previousTerm, MappedFile file) {
        this(name, firstIndex, previousTerm, file, false);
    }

    Segment(String name, long firstIndex, long previousTerm, MappedFile file, boolean headerDamaged) {
        this.name = name;
        this.headerDamaged = headerDamaged;
        this.firstIndex = firstIndex;
        this.previousTerm = previousTerm;
        this.file = file;
        this.buffer = file.buffer();
        this.lengthBytes = file.lengthBytes();
        this.knownLastIndex = firstIndex - 1;
        this.lastTerm = previousTerm;
    }

    boolean indexed() {
        return positions != null;
    }

    void apply(SegmentScan scan) {
        positions = scan.positions();
        writePosition = scan.endPosition();
        writtenPosition = writePosition;
        lastTerm = scan.lastTerm();
        knownLastIndex = firstIndex + positions.size() - 1;
    }

    long lastIndex() {
        return positions == null ? knownLastIndex : firstIndex + positions.size() - 1;
    }

    SegmentInfo info(boolean sealed) {
        return new SegmentInfo(name, firstIndex, lastIndex(), lengthBytes, sealed);
    }

    @Override
    public String toString() {
        return name + "[" + firstIndex + ".." + lastIndex() + "]";
    }
}

package io.replog.wal;

import java.util.ArrayList;
import java.util.List;

/**
 * A log's segments in index order, how an index finds its frame, and the corruptions found so far.
 * <p>
 * Invariants: segments are sorted by first index and contiguous (each starts where the previous one
 * ends); {@code corruptions} holds every damaged frame found, in the order found. Not thread-safe: used
 * by the log's appending thread, and under its structure lock for changes.
 */
final class SegmentTable {
    final List<Segment> segments;
    final List<Corruption> corruptions = new ArrayList<>();
    private final String directory;

    SegmentTable(List<Segment> segments, String directory) {
        this.segments = segments;
        this.directory = directory;
    }

    /** The segment that holds (or would hold) {@code index}: binary search on first indexes. */
    Segment segmentFor(long index) {
        int low = 0;
        int high = segments.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (segments.get(middle).firstIndex <= index) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return segments.get(low);
    }

    /** Byte position of {@code index} in {@code segment}, indexing the segment first if needed. */
    int positionOf(Segment segment, long index) throws CorruptLogException {
        ensureIndexed(segment);
        int position = segment.positions.getInt((int)(index - segment.firstIndex));
        if (position == SegmentScan.CORRUPT) {
            // The damaged region holding this index starts at the nearest corruption at or before it.
            Corruption nearest = null;
            for (int i = 0; i < corruptions.size(); i++) {
                Corruption corruption = corruptions.get(i);
                if (corruption.segment().equals(segment.name) && corruption.index() <= index &&
                    (nearest == null || corruption.index() > nearest.index())) {
                    nearest = corruption;
                }
            }
            if (nearest != null) {
                throw new CorruptLogException(directory, new Corruption(index, segment.name, nearest.offset(),
                    nearest.reason()));
            }
            throw corrupt(new Corruption(index, segment.name, -1, "entry unreadable"));
        }
        return position;
    }

    /** Scans a sealed segment the first time it is needed. */
    void ensureIndexed(Segment segment) {
        if (!segment.indexed()) {
            SegmentScan scan = SegmentScanner.scan(segment.buffer, segment.lengthBytes, segment.name,
                segment.firstIndex, segment.previousTerm, segment.knownLastIndex);
            segment.apply(scan);
            corruptions.addAll(scan.corruptions());
        }
    }

    /** The term of the entry before the first one, kept in the first segment's header. */
    long termBeforeFirst() throws CorruptLogException {
        Segment first = segments.get(0);
        if (first.headerDamaged) {
            // The previous term lives in the damaged header: never guess it.
            throw corrupt(new Corruption(first.firstIndex, first.name, 0,
                "segment header damaged; the term of index " + (first.firstIndex - 1) + " is unknown"));
        }
        return first.previousTerm;
    }

    /** The term of an entry in the log's range, written to its file. */
    long termAt(long index) throws CorruptLogException {
        Segment segment = segmentFor(index);
        return segment.buffer.getLong(positionOf(segment, index) + FrameDescriptor.TERM_OFFSET);
    }

    /** Points {@code entry} at an entry in the log's range, written to its file, after checking its CRC. */
    void read(long index, Entry entry) throws CorruptLogException {
        Segment segment = segmentFor(index);
        int position = positionOf(segment, index);
        String problem = SegmentScanner.check(segment.buffer, segment.lengthBytes, position, index, Long.MIN_VALUE);
        if (problem != null) {
            throw corrupt(new Corruption(index, segment.name, position, problem));
        }
        entry.wrap(segment.buffer, position, segment.buffer.getIntAcquire(position + FrameDescriptor.LENGTH_OFFSET),
            segment.name);
    }

    /** Records a corruption (once) and returns the exception that reports it. */
    CorruptLogException corrupt(Corruption corruption) {
        if (!corruptions.contains(corruption)) {
            corruptions.add(corruption);
        }
        return new CorruptLogException(directory, corruption);
    }

    /** How many segments have a first index at or below {@code index}. */
    int startingAtOrBefore(long index) {
        int count = 0;
        while (count < segments.size() && segments.get(count).firstIndex <= index) {
            count++;
        }
        return count;
    }

    List<SegmentInfo> infos() {
        List<SegmentInfo> infos = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            infos.add(segments.get(i).info(i < segments.size() - 1));
        }
        return infos;
    }

    int indexedCount() {
        int count = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).indexed()) {
                count++;
            }
        }
        return count;
    }
}

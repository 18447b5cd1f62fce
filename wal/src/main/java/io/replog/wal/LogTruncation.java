package io.replog.wal;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.util.List;

import static io.replog.wal.FrameDescriptor.HEADER_LENGTH;
import static io.replog.wal.FrameDescriptor.LENGTH_OFFSET;
import static io.replog.wal.FrameDescriptor.TERM_OFFSET;

/**
 * Removing entries from the log's files: a suffix ({@link WriteAheadLog#truncateAfter}), whole sealed
 * segments at the front ({@link WriteAheadLog#deleteBefore}) or everything ({@link WriteAheadLog#reset}).
 * <p>
 * Every method runs on the log's appending thread under its structure lock, after pending seals are
 * done (so no background force is using a segment about to be unmapped). Order that keeps a crash
 * safe: names are deleted newest first and the directory synced before any segment is unmapped, so
 * a crash leaves a prefix of the old log, never a gap. A failure after the first name is deleted
 * leaves the disk in an unknown state and stops the log; a failure before (a damaged entry, a full
 * disk when resetting) changes nothing.
 */
final class LogTruncation {
    /** Where a suffix was cut: the segment that is the tail afterwards, and the zeroed range still to force. */
    record Cut(Segment tail, int fromPosition, int toPosition) {
    }

    private final Storage storage;
    private final SegmentTable table;
    private final List<Segment> segments;
    private final SegmentSealer.Failure failure;
    private final int segmentLengthBytes;
    private final IndexPool indexPool;

    LogTruncation(Storage storage, SegmentTable table, SegmentSealer.Failure failure, int segmentLengthBytes,
                  IndexPool indexPool) {
        this.storage = storage;
        this.table = table;
        this.segments = table.segments;
        this.failure = failure;
        this.segmentLengthBytes = segmentLengthBytes;
        this.indexPool = indexPool;
    }

    /**
     * Deletes the segments after the one holding {@code index} and zeroes the rest of that one in memory;
     * the caller publishes the new tail, then calls {@link #force(Cut)}.
     *
     * @throws CorruptLogException (changing nothing) when the entry at {@code index} or its segment's header
     *                             is damaged.
     */
    Cut cutAfter(long index) throws IOException {
        int keptSegments = Math.max(1, table.startingAtOrBefore(index));
        Segment segment = segments.get(keptSegments - 1);
        if (segment.headerDamaged) {
            // Appends would land in a segment whose header cannot be trusted (and a log whose last
            // segment has a bad header refuses to open).
            throw new CorruptLogException(storage.describe(), new Corruption(segment.firstIndex, segment.name, 0,
                "segment header damaged: cannot truncate into it; reset the log or restore the segment"));
        }
        table.ensureIndexed(segment);
        int keep = (int)(index - segment.firstIndex + 1);
        int cut = SegmentDescriptor.HEADER_LENGTH;
        long newLastTerm = segment.previousTerm;
        if (keep > 0) {
            int position = table.positionOf(segment, index);
            String problem = SegmentScanner.check(segment.buffer, segment.lengthBytes, position, index, Long.MIN_VALUE);
            if (problem != null) {
                throw table.corrupt(new Corruption(index, segment.name, position, problem));
            }
            cut = position + FrameDescriptor.alignedLength(segment.buffer.getInt(position + LENGTH_OFFSET) -
                HEADER_LENGTH);
            newLastTerm = segment.buffer.getLong(position + TERM_OFFSET);
        }
        try {
            // Names first (the mappings stay valid until the change is complete), newest first.
            for (int i = segments.size() - 1; i >= keptSegments; i--) {
                storage.delete(segments.get(i).name);
            }
            if (segments.size() > keptSegments) {
                storage.syncDirectory();
            }
        } catch (IOException | RuntimeException e) {
            throw failure.fail("deleting the segments after index " + index, e);
        }
        while (segments.size() > keptSegments) {
            release(segments.remove(segments.size() - 1));
        }
        int end = Math.max(segment.writePosition, cut);
        segment.buffer.setMemory(cut, end - cut, (byte)0);
        while (segment.positions.size() > keep) {
            segment.positions.popInt();
        }
        segment.writePosition = cut;
        segment.writtenPosition = cut;
        segment.syncedPosition = Math.min(segment.syncedPosition, cut);
        segment.lastTerm = newLastTerm;
        table.corruptions.removeIf(c -> c.index() > index);
        return new Cut(segment, cut, end);
    }

    /** Forces the range {@link #cutAfter} zeroed, so that truncated entries never come back. */
    void force(Cut cut) throws IOException {
        try {
            cut.tail().file.force(cut.fromPosition(), cut.toPosition() - cut.fromPosition());
        } catch (IOException | RuntimeException e) {
            throw failure.fail("forcing the truncation of segment " + cut.tail().name, e);
        }
    }

    /**
     * Deletes whole sealed segments all of whose entries are below {@code index}; never the last one.
     *
     * @return how many segments were deleted.
     */
    int deleteBefore(long index) throws IOException {
        int deleted = 0;
        while (deleted < segments.size() - 1 && segments.get(deleted + 1).firstIndex <= index) {
            deleted++;
        }
        if (deleted == 0) {
            return 0;
        }
        try {
            for (int i = 0; i < deleted; i++) {
                storage.delete(segments.get(i).name);
            }
            storage.syncDirectory();
        } catch (IOException | RuntimeException e) {
            throw failure.fail("deleting the segments before index " + index, e);
        }
        for (int i = 0; i < deleted; i++) {
            release(segments.remove(0));
        }
        long first = segments.get(0).firstIndex;
        table.corruptions.removeIf(c -> c.index() < first);
        return deleted;
    }

    /**
     * Replaces every segment by one new empty segment whose first index is {@code nextIndex}.
     *
     * @return the new segment, the only one left.
     * @throws IOException changing nothing when the new segment cannot be allocated (a full disk).
     */
    Segment reset(long nextIndex, long previousTerm) throws IOException {
        MappedFile file = SegmentFiles.allocate(storage, segmentLengthBytes, nextIndex);
        Segment segment;
        try {
            for (int i = segments.size() - 1; i >= 0; i--) {
                storage.delete(segments.get(i).name);
            }
            segment = SegmentFiles.install(storage, file, nextIndex, previousTerm, true);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw failure.fail("resetting the log to start at index " + nextIndex, e);
        }
        while (!segments.isEmpty()) {
            release(segments.remove(segments.size() - 1));
        }
        segments.add(segment);
        table.corruptions.clear();
        return segment;
    }

    /** Unmaps a segment nobody can reach any more and keeps its index array for a later segment. */
    private void release(Segment segment) {
        segment.file.close();
        if (segment.positions != null) {
            indexPool.release(segment.positions);
            segment.positions = null;
        }
    }
}

package io.replog.wal;

import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening a log: scan what is on disk, decide what to repair (an immutable plan), then apply it.
 * <p>
 * Decisions: leftover {@code *.wal.tmp} files are half-created segments and are deleted; a torn write
 * at the tail of the last segment is zeroed and forced; a damaged frame anywhere is reported, never
 * removed; a segment with a bad header cannot be trusted at all, and if it is the last one (where
 * appends would go) the log refuses to open.
 */
final class LogRecovery {
    private LogRecovery() {
    }

    /** What opening will repair. */
    record Plan(List<String> tempFilesToDelete, int truncatePosition, int tornBytes, long tornIndex,
                List<Corruption> corruptions) {
    }

    /** See {@link WriteAheadLog#open(Storage, WalConfig)}: checks and locks the directory, then recovers. */
    static WriteAheadLog open(Storage storage, WalConfig config) throws IOException {
        if (!storage.exists()) {
            if (!config.createIfMissing()) {
                throw new NoSuchFileException(storage.describe(), null, "log directory does not exist");
            }
            storage.createDirectory();
        }
        // Checked before locking too, so that a foreign directory is not left holding our lock file.
        SegmentFiles.Listing listing = SegmentFiles.list(storage);
        if (listing.segments().isEmpty() && !listing.foreign().isEmpty()) {
            throw new IOException(SegmentFiles.foreignMessage(storage, listing.foreign()));
        }
        AutoCloseable lock = storage.lock();
        try {
            return recover(storage, config, lock);
        } catch (IOException | RuntimeException e) {
            WriteAheadLog.closeQuietly(lock);
            throw e;
        }
    }

    static WriteAheadLog recover(Storage storage, WalConfig config, AutoCloseable lock) throws IOException {
        SegmentFiles.Listing listing = SegmentFiles.list(storage);
        if (listing.segments().isEmpty() && !listing.foreign().isEmpty()) {
            throw new IOException(SegmentFiles.foreignMessage(storage, listing.foreign()));
        }
        List<Segment> segments = new ArrayList<>();
        try {
            Plan plan = openAndPlan(storage, listing, segments);
            apply(storage, plan, segments);
            if (segments.isEmpty()) {
                segments.add(SegmentFiles.create(storage, config.segmentLengthBytes(), config.initialIndex(), 0));
            }
            Segment tail = segments.get(segments.size() - 1);
            RecoveryReport report = new RecoveryReport(segments.get(0).firstIndex, tail.lastIndex(), segments.size(),
                plan.tornBytes(), plan.tornIndex(), plan.tempFilesToDelete(), plan.corruptions());
            return WriteAheadLog.create(storage, config, lock, segments, report);
        } catch (IOException | RuntimeException e) {
            for (Segment segment : segments) {
                segment.file.close();
            }
            throw e;
        }
    }

    private static Plan openAndPlan(Storage storage, SegmentFiles.Listing listing, List<Segment> segments)
        throws IOException {
        List<Corruption> corruptions = new ArrayList<>();
        String[] problem = new String[1];
        for (String name : listing.segments()) {
            Segment segment = SegmentFiles.open(storage, name, false, problem);
            segments.add(segment);
            if (problem[0] != null) {
                corruptions.add(new Corruption(segment.firstIndex, name, 0, problem[0]));
            }
        }
        for (int i = 0; i + 1 < segments.size(); i++) {
            segments.get(i).knownLastIndex = segments.get(i + 1).firstIndex - 1;
        }
        for (int i = 0; i + 1 < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (isBadHeader(corruptions, segment)) {
                segment.positions = corruptPositions(segment.knownLastIndex - segment.firstIndex + 1);
            }
        }
        if (segments.isEmpty()) {
            return new Plan(listing.tempFiles(), -1, 0, 0, corruptions);
        }
        Segment tail = segments.get(segments.size() - 1);
        if (isBadHeader(corruptions, tail)) {
            Corruption corruption = corruptions.get(corruptions.size() - 1);
            throw new CorruptLogException(storage.describe(), corruption);
        }
        SegmentScan scan = SegmentScanner.scan(tail.buffer, tail.lengthBytes, tail.name, tail.firstIndex,
            tail.previousTerm, -1);
        tail.apply(scan);
        corruptions.addAll(scan.corruptions());
        return new Plan(listing.tempFiles(), scan.endPosition(), scan.tornBytes(), scan.tornIndex(), corruptions);
    }

    private static boolean isBadHeader(List<Corruption> corruptions, Segment segment) {
        for (Corruption corruption : corruptions) {
            if (corruption.segment().equals(segment.name) && corruption.offset() == 0) {
                return true;
            }
        }
        return false;
    }

    private static org.agrona.collections.IntArrayList corruptPositions(long count) {
        org.agrona.collections.IntArrayList positions = new org.agrona.collections.IntArrayList();
        for (long i = 0; i < count; i++) {
            positions.addInt(SegmentScan.CORRUPT);
        }
        return positions;
    }

    private static void apply(Storage storage, Plan plan, List<Segment> segments) throws IOException {
        for (String temp : plan.tempFilesToDelete()) {
            storage.delete(temp);
        }
        if (!plan.tempFilesToDelete().isEmpty()) {
            storage.syncDirectory();
        }
        if (segments.isEmpty()) {
            return;
        }
        Segment tail = segments.get(segments.size() - 1);
        if (plan.tornBytes() > 0) {
            // Positional writes, not stores to the mapping: a torn write may have left a hole among its pages, and
            // a store into a hole of a sparse segment would take a block through a fault (a full disk: SIGBUS).
            writeZeros(tail.file, plan.truncatePosition(), plan.tornBytes());
        }
        // Whatever a crashed process left in the page cache is made durable now, so that the durable
        // index reported from here on is true.
        int forceLength = Math.max(tail.writePosition, plan.truncatePosition() + plan.tornBytes()) -
            SegmentDescriptor.HEADER_LENGTH;
        tail.file.force(SegmentDescriptor.HEADER_LENGTH, Math.max(0, forceLength));
        tail.syncedPosition = tail.writePosition;
    }

    private static void writeZeros(MappedFile file, int position, int length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(length, 1 << 20));
        for (int at = position, end = position + length; at < end; ) {
            zeros.clear().limit(Math.min(zeros.capacity(), end - at));
            int chunk = zeros.remaining();
            file.write(zeros, at);
            at += chunk;
        }
    }
}

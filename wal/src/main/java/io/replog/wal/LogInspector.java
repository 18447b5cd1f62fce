package io.replog.wal;

import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A read-only look at a log directory, for {@code replog log-inspect}: it maps segments read-only,
 * repairs nothing and takes no lock, so it is safe on the log of a running node.
 * <p>
 * Without verification it reads segment headers and scans only the last segment (to find the end of
 * the data and any torn tail); with verification it scans every frame of every segment.
 */
public final class LogInspector implements AutoCloseable {
    private final Storage storage;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Corruption> corruptions = new ArrayList<>();
    private SegmentScan tailScan;

    /** Thrown when the directory is missing or is not a replog log. */
    public static final class NotALogException extends IOException {
        public NotALogException(String message) {
            super(message);
        }
    }

    /** One entry as listed by {@link #entries}. */
    public record DumpedEntry(long index, long term, int type, int length, String segment, long offset,
                              byte[] preview) {
    }

    /** One segment in the summary. */
    public record SegmentSummary(String name, long firstIndex, long lastIndex, long bytes, boolean scanned) {
    }

    /**
     * The summary.
     *
     * @param lastIndex     {@code firstIndex - 1} for an empty log.
     * @param tornTailBytes bytes of a torn write after the last valid frame (cut off when a writer next opens the log).
     * @param verified      whether every frame was checked ({@code --verify}) or only the last segment.
     */
    public record Summary(String directory, List<SegmentSummary> segments, long firstIndex, long lastIndex,
                          long lastTerm, long bytes, int tornTailBytes, List<Corruption> corruptions,
                          boolean verified) {
    }

    private LogInspector(Storage storage) {
        this.storage = storage;
    }

    public static LogInspector open(Storage storage) throws IOException {
        if (!storage.exists()) {
            throw new NotALogException(storage.describe() + " does not exist");
        }
        SegmentFiles.Listing listing;
        try {
            listing = SegmentFiles.list(storage);
        } catch (NoSuchFileException e) {
            throw new NotALogException(storage.describe() + " does not exist");
        }
        if (listing.segments().isEmpty()) {
            throw new NotALogException(listing.foreign().isEmpty() ?
                storage.describe() + " is not a replog log: it holds no segment files (*.wal)" :
                SegmentFiles.foreignMessage(storage, listing.foreign()));
        }
        LogInspector inspector = new LogInspector(storage);
        try {
            inspector.load(listing);
        } catch (IOException | RuntimeException e) {
            inspector.close();
            throw e;
        }
        return inspector;
    }

    private void load(SegmentFiles.Listing listing) throws IOException {
        String[] problem = new String[1];
        int badMagic = 0;
        for (String name : listing.segments()) {
            Segment segment = SegmentFiles.open(storage, name, true, problem);
            segments.add(segment);
            if (problem[0] != null) {
                badMagic += problem[0].startsWith("bad magic") || problem[0].startsWith("file is") ? 1 : 0;
                corruptions.add(new Corruption(segment.firstIndex, name, 0, problem[0]));
                segment.positions = new org.agrona.collections.IntArrayList();
            }
        }
        if (badMagic == segments.size()) {
            throw new NotALogException(storage.describe() + " is not a replog log: its *.wal files are not replog " +
                "segments (" + corruptions.get(0).reason() + " in " + corruptions.get(0).segment() + ")");
        }
        for (int i = 0; i + 1 < segments.size(); i++) {
            segments.get(i).knownLastIndex = segments.get(i + 1).firstIndex - 1;
        }
        Segment tail = segments.get(segments.size() - 1);
        if (!tail.indexed()) {
            tailScan = SegmentScanner.scan(tail.buffer, tail.lengthBytes, tail.name, tail.firstIndex,
                tail.previousTerm, -1);
            tail.apply(tailScan);
            corruptions.addAll(tailScan.corruptions());
        }
    }

    private void scan(Segment segment) {
        if (!segment.indexed()) {
            SegmentScan scan = SegmentScanner.scan(segment.buffer, segment.lengthBytes, segment.name,
                segment.firstIndex, segment.previousTerm, segment.knownLastIndex);
            segment.apply(scan);
            corruptions.addAll(scan.corruptions());
        }
    }

    public Summary summary(boolean verify) {
        if (verify) {
            segments.forEach(this::scan);
        }
        List<SegmentSummary> summaries = new ArrayList<>();
        long bytes = 0;
        for (Segment segment : segments) {
            summaries.add(new SegmentSummary(segment.name, segment.firstIndex, segment.lastIndex(),
                segment.lengthBytes, segment.indexed()));
            bytes += segment.lengthBytes;
        }
        Segment tail = segments.get(segments.size() - 1);
        long firstIndex = segments.get(0).firstIndex;
        List<Corruption> sorted = new ArrayList<>(corruptions);
        sorted.sort((a, b) -> Long.compare(a.index(), b.index()));
        return new Summary(storage.describe(), summaries, firstIndex, tail.lastIndex(), tail.lastTerm, bytes,
            tailScan == null ? 0 : tailScan.tornBytes(), sorted, verify);
    }

    /** Lists the readable entries with {@code from <= index <= to}; damaged ones are skipped (and reported). */
    public void entries(long from, long to, int previewBytes, Consumer<DumpedEntry> consumer) {
        for (Segment segment : segments) {
            if (segment.lastIndex() < from || segment.firstIndex > to) {
                continue;
            }
            scan(segment);
            long start = Math.max(from, segment.firstIndex);
            long end = Math.min(to, segment.lastIndex());
            for (long index = start; index <= end; index++) {
                int position = segment.positions.getInt((int)(index - segment.firstIndex));
                if (position == SegmentScan.CORRUPT) {
                    continue;
                }
                int frameLength = segment.buffer.getInt(position + FrameDescriptor.LENGTH_OFFSET);
                int payloadLength = frameLength - FrameDescriptor.HEADER_LENGTH;
                byte[] preview = new byte[Math.min(previewBytes, payloadLength)];
                segment.buffer.getBytes(position + FrameDescriptor.HEADER_LENGTH, preview);
                consumer.accept(new DumpedEntry(index,
                    segment.buffer.getLong(position + FrameDescriptor.TERM_OFFSET),
                    segment.buffer.getInt(position + FrameDescriptor.TYPE_OFFSET), payloadLength, segment.name,
                    position, preview));
            }
        }
    }


    @Override
    public void close() {
        for (Segment segment : segments) {
            segment.file.close();
        }
        segments.clear();
    }
}

package io.replog.wal;

import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;
import org.agrona.concurrent.AtomicBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a log directory: which are segments, creating a segment so that it either exists
 * whole (header forced) or not at all, and telling a log directory from anything else.
 */
final class SegmentFiles {
    private SegmentFiles() {
    }

    /** The directory's segment names sorted by first index, its leftover temp files, and foreign files. */
    record Listing(List<String> segments, List<String> tempFiles, List<String> foreign) {
    }

    static Listing list(Storage storage) throws IOException {
        List<String> segments = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        for (String name : storage.list()) {
            if (SegmentDescriptor.parseFirstIndex(name) >= 0) {
                segments.add(name);
            } else if (name.endsWith(SegmentDescriptor.TEMP_SUFFIX)) {
                temps.add(name);
            } else if (!name.equals(FileStorage.LOCK_FILE)) {
                foreign.add(name);
            }
        }
        segments.sort((a, b) -> Long.compare(SegmentDescriptor.parseFirstIndex(a), SegmentDescriptor.parseFirstIndex(b)));
        return new Listing(segments, temps, foreign);
    }

    /**
     * Creates a segment under a temporary name, preallocated and with its header forced, then renames
     * it into place and syncs the directory: a crash leaves either no segment or a whole one.
     */
    static Segment create(Storage storage, int lengthBytes, long firstIndex, long previousTerm) throws IOException {
        return install(storage, allocate(storage, lengthBytes, firstIndex), firstIndex, previousTerm, true);
    }

    /**
     * First half of {@link #create}: the preallocated temporary file. Failing here (a full disk) changes
     * nothing the log relies on, so the caller may carry on and retry later.
     */
    static MappedFile allocate(Storage storage, int lengthBytes, long firstIndex) throws IOException {
        String temp = tempName(firstIndex);
        try {
            storage.delete(temp);
            return storage.createMapped(temp, lengthBytes);
        } catch (IOException e) {
            throw new IOException("cannot create segment " + SegmentDescriptor.fileName(firstIndex) + " in " +
                storage.describe() + ": " + e.getMessage() + "; entries already written stay readable, appends " +
                "resume once space is freed", e);
        }
    }

    /**
     * Second half of {@link #create}: {@link #prepare}, {@link #publish}, and (unless the caller will do it
     * later, after forcing the previous segment) directory sync. A failure here is a failed force or a
     * failed directory update: the caller cannot know what is durable.
     */
    static Segment install(Storage storage, MappedFile file, long firstIndex, long previousTerm,
                           boolean syncDirectory) throws IOException {
        Segment segment = prepare(file, firstIndex, previousTerm);
        try {
            publish(storage, segment);
            if (syncDirectory) {
                storage.syncDirectory();
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            storage.delete(file.name());
            throw e;
        }
        return segment;
    }

    /**
     * Writes the header of a new segment into its preallocated file, which keeps its temporary name and
     * may take appends at once: the segment exists for recovery only once {@link #publish}ed, and nothing
     * in it can be reported durable before that.
     */
    static Segment prepare(MappedFile file, long firstIndex, long previousTerm) {
        SegmentDescriptor.write(file.buffer(), file.lengthBytes(), firstIndex, previousTerm);
        Segment segment = new Segment(SegmentDescriptor.fileName(firstIndex), firstIndex, previousTerm, file);
        segment.positions = new org.agrona.collections.IntArrayList();
        segment.writePosition = SegmentDescriptor.HEADER_LENGTH;
        segment.writtenPosition = SegmentDescriptor.HEADER_LENGTH;
        segment.syncedPosition = SegmentDescriptor.HEADER_LENGTH;
        return segment;
    }

    /**
     * Forces a prepared segment's header, then renames its file from the temporary name into place: a
     * crash leaves no segment or one with a whole header (its name is durable after a directory sync).
     */
    static void publish(Storage storage, Segment segment) throws IOException {
        segment.file.force(0, SegmentDescriptor.HEADER_LENGTH);
        storage.rename(segment.file.name(), segment.name);
    }

    private static String tempName(long firstIndex) {
        return String.format("%020d", firstIndex) + SegmentDescriptor.TEMP_SUFFIX;
    }

    /** Maps an existing segment and checks its header; returns null header problem in {@code problem[0]}. */
    static Segment open(Storage storage, String name, boolean readOnly, String[] problem) throws IOException {
        long firstIndex = SegmentDescriptor.parseFirstIndex(name);
        MappedFile file = storage.openMapped(name, readOnly);
        problem[0] = SegmentDescriptor.validate(file.buffer(), file.lengthBytes(), firstIndex);
        long previousTerm = problem[0] == null ? file.buffer().getLong(SegmentDescriptor.PREVIOUS_TERM_OFFSET) : 0;
        return new Segment(name, firstIndex, previousTerm, file, problem[0] != null);
    }

    /** The "not a replog log" message for a directory holding other files and no segments. */
    static String foreignMessage(Storage storage, List<String> foreign) {
        List<String> sample = foreign.subList(0, Math.min(3, foreign.size()));
        return storage.describe() + " is not a replog log directory: it holds no segment files (*.wal) but holds " +
            foreign.size() + " other file(s), e.g. " + sample + "; point at an empty or new directory, or at a node " +
            "directory's log/";
    }
}

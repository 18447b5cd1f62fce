package io.replog.snapshot.compaction;

import java.io.IOException;
import java.util.List;

/**
 * What compaction needs from a log: its segments and a prefix deletion. The write-ahead log
 * provides it; tests provide models.
 */
public interface CompactableLog {
    /** Segments oldest first; the last one is the open segment, which compaction never deletes. */
    List<SegmentDescription> segments() throws IOException;

    /**
     * Deletes the sealed segments whose last index is below {@code index}, oldest first, and makes the
     * deletion durable; never the open segment.
     *
     * @return the log's first index afterwards.
     */
    long deleteBefore(long index) throws IOException;
}

package io.replog.wal;

/**
 * One segment as seen from outside: its file, the entries it holds and its size on disk.
 *
 * @param lastIndex last index held; {@code firstIndex - 1} when the segment is empty.
 * @param sealed    true for every segment but the last (open) one.
 */
public record SegmentInfo(String name, long firstIndex, long lastIndex, long bytes, boolean sealed) {
}

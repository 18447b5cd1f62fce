package io.replog.snapshot.compaction;

/**
 * One log segment as compaction sees it: the entries {@code [firstIndex, lastIndex]} it holds and
 * its length on disk. An empty segment has {@code lastIndex == firstIndex - 1}.
 */
public record SegmentDescription(String name, long firstIndex, long lastIndex, long lengthBytes) {
    public SegmentDescription {
        if (firstIndex < 1 || lastIndex < firstIndex - 1) {
            throw new IllegalArgumentException("segment " + name + " cannot hold entries [" + firstIndex + ", " +
                lastIndex + "]");
        }
    }

    public boolean isEmpty() {
        return lastIndex < firstIndex;
    }
}

package io.replog.snapshot.compaction;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A log that is only its segment list, deleting exactly as {@code WriteAheadLog.deleteBefore} promises. */
class ModelLog implements CompactableLog {
    final List<SegmentDescription> segments = new ArrayList<>();
    int deleteCalls;

    /** A contiguous layout: some sealed segments and an open one, possibly empty. */
    static ModelLog random(Random random) {
        ModelLog log = new ModelLog();
        long first = 1 + random.nextInt(500);
        int sealed = random.nextInt(10);
        for (int i = 0; i <= sealed; i++) {
            boolean open = i == sealed;
            long entries = open ? random.nextInt(100) : 1 + random.nextInt(100);
            log.segments.add(new SegmentDescription(String.format("%020d.wal", first), first, first + entries - 1,
                4096 + entries * 64));
            first += entries;
        }
        return log;
    }

    long firstIndex() {
        return segments.get(0).firstIndex();
    }

    long lastIndex() {
        return segments.get(segments.size() - 1).lastIndex();
    }

    @Override
    public List<SegmentDescription> segments() {
        return List.copyOf(segments);
    }

    @Override
    public long deleteBefore(long index) {
        deleteCalls++;
        SegmentDescription open = segments.get(segments.size() - 1);
        segments.removeIf(segment -> segment != open && segment.lastIndex() < index);
        return firstIndex();
    }
}

package io.replog.snapshot.compaction;

import io.replog.wal.SegmentInfo;
import io.replog.wal.WriteAheadLog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The write-ahead log as compaction sees it. */
public final class WalCompactableLog implements CompactableLog {
    private final WriteAheadLog log;

    public WalCompactableLog(WriteAheadLog log) {
        this.log = log;
    }

    @Override
    public List<SegmentDescription> segments() {
        List<SegmentDescription> segments = new ArrayList<>();
        for (SegmentInfo info : log.segments()) {
            segments.add(new SegmentDescription(info.name(), info.firstIndex(), info.lastIndex(), info.bytes()));
        }
        return segments;
    }

    @Override
    public long deleteBefore(long index) throws IOException {
        return log.deleteBefore(index);
    }
}

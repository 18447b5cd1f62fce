package io.replog.replication.node;

import java.util.ArrayList;
import java.util.List;

/**
 * The node-thread side of {@link CommittedReader}s: each duty cycle copies applied entries from the
 * log into every open reader's queue, as far as the reader has room and at most
 * {@value #ENTRY_LIMIT} per reader, so that readers never hold Raft up. The log is read here only,
 * on the node's thread, as the WAL requires.
 */
final class CommittedReaders {
    private static final int ENTRY_LIMIT = 256;

    private final int nodeId;
    private final NodeLogStorage log;
    private final List<CommittedReader> readers = new ArrayList<>();

    CommittedReaders(int nodeId, NodeLogStorage log) {
        this.nodeId = nodeId;
        this.log = log;
    }

    void add(CommittedReader reader) {
        readers.add(reader);
    }

    /** Copies entries up to {@code appliedIndex}; returns how many. */
    int serve(long appliedIndex) {
        int work = 0;
        for (int i = readers.size() - 1; i >= 0; i--) {
            CommittedReader reader = readers.get(i);
            if (reader.closed() || reader.failed()) {
                readers.remove(i);
                continue;
            }
            int copied = 0;
            long firstIndex = log.firstIndex();
            while (copied < ENTRY_LIMIT && reader.fillIndex <= appliedIndex && reader.hasRoom()) {
                if (reader.fillIndex < firstIndex) {
                    reader.fail(new EntriesCompactedException(nodeId, reader.fillIndex, firstIndex, log.snapshotIndex(),
                        log.snapshotFile()));
                    break;
                }
                // A copy: the log's view is valid on this thread only until compaction, the reader's thread keeps it.
                reader.offer(log.entry(reader.fillIndex).onHeap());
                copied++;
            }
            if (copied > 0) {
                reader.wake();
                work += copied;
            }
        }
        return work;
    }

    void failAll(RuntimeException cause) {
        readers.forEach(reader -> reader.fail(cause));
        readers.clear();
    }
}

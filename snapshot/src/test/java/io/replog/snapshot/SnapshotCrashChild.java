package io.replog.snapshot;

import io.replog.snapshot.compaction.Compactor;
import io.replog.snapshot.compaction.WalCompactableLog;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The process {@link SigkillCrashTest} kills: a node that appends, snapshots, applies retention and
 * compacts in a loop on real files, printing each fact only once it is durable. Resumes from
 * whatever the directory holds, so it can be killed and restarted many times.
 * <pre>
 *   appended I    entries through I are durable in the log
 *   snapshot S    the snapshot at S is durable
 *   compacted F   the log durably starts at F
 * </pre>
 */
public final class SnapshotCrashChild {
    static final int STATE_BYTES = 300_000;
    static final int ENTRIES_PER_ROUND = 40;
    static final long RETAIN_ENTRIES = 30;

    private SnapshotCrashChild() {
    }

    public static void main(String[] args) throws IOException {
        NodeDirectory node = NodeDirectory.of(Path.of(args[0]));
        SnapshotStore store = new SnapshotStore(node.snapshotStorage(), System::currentTimeMillis, 64 * 1024,
            ChunkThreading.BACKGROUND);
        try (WriteAheadLog log = node.openLog(config())) {
            System.out.println("ready " + log.lastIndex());
            while (true) {
                for (int i = 0; i < ENTRIES_PER_ROUND; i++) {
                    long index = log.lastIndex() + 1;
                    log.append(CrashAtEveryStepTest.termOf(index), 0, CrashAtEveryStepTest.payload(index));
                }
                log.sync();
                System.out.println("appended " + log.lastIndex());
                long snapshotIndex = log.lastIndex();
                SnapshotInfo info = TestStates.writeSnapshot(store, snapshotIndex, log.termAt(snapshotIndex),
                    TestStates.stateForIndex(snapshotIndex, STATE_BYTES));
                System.out.println("snapshot " + info.lastIncludedIndex());
                store.retain(2);
                long firstIndex = Compactor.compactAfter(info, new WalCompactableLog(log), RETAIN_ENTRIES, false)
                    .firstIndexAfter();
                System.out.println("compacted " + firstIndex);
            }
        }
    }

    static WalConfig config() {
        return new WalConfig().segmentLengthBytes(16 * 1024).syncPolicy(SyncPolicy.BATCH);
    }
}

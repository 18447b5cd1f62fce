package io.replog.snapshot;

import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;

import java.io.IOException;
import java.util.Optional;

/**
 * What a node's directory holds after a restart, and whether the snapshot and the log fit together.
 * The decision table, with S the newest valid snapshot's index (0 without one) and the log
 * holding {@code [first, last]}:
 * <pre>
 *   first > S + 1             GAP           entries S+1 .. first-1 are nowhere: the directory is unusable
 *   first <= S + 1, last >= S REPLAY_LOG    load the snapshot, replay the log from S + 1
 *   last < S                  RESET_LOG     the snapshot is ahead of the whole log (a crash while
 *                                           installing one): load it and reset the log to S + 1
 * </pre>
 *
 * @param newestSnapshot   the newest snapshot passing the quick check, if any.
 * @param logFirstIndex    the first index of the log as it opened.
 * @param logLastIndex     its last index ({@code logFirstIndex - 1} when empty).
 */
public record NodeRecoveryCheck(Optional<SnapshotInfo> newestSnapshot, long logFirstIndex, long logLastIndex,
    Action action) {

    public enum Action {
        REPLAY_LOG,
        RESET_LOG,
        GAP
    }

    /** Opens the log (running its recovery, as a restarting node does) and decides. */
    public static NodeRecoveryCheck run(NodeDirectory directory, WalConfig config) throws IOException {
        Optional<SnapshotInfo> newest = directory.snapshotStore().newestValid();
        try (WriteAheadLog log = directory.openLog(config)) {
            return decide(newest, log.firstIndex(), log.lastIndex());
        }
    }

    public static NodeRecoveryCheck decide(Optional<SnapshotInfo> newestSnapshot, long logFirstIndex,
        long logLastIndex) {
        long snapshotIndex = newestSnapshot.map(SnapshotInfo::lastIncludedIndex).orElse(0L);
        Action action;
        if (logFirstIndex > snapshotIndex + 1) {
            action = Action.GAP;
        } else if (logLastIndex >= snapshotIndex) {
            action = Action.REPLAY_LOG;
        } else {
            action = Action.RESET_LOG;
        }
        return new NodeRecoveryCheck(newestSnapshot, logFirstIndex, logLastIndex, action);
    }

    public long snapshotIndex() {
        return newestSnapshot.map(SnapshotInfo::lastIncludedIndex).orElse(0L);
    }

    public boolean hasGap() {
        return action == Action.GAP;
    }

    /** One line for an operator. */
    public String describe() {
        String snapshot = newestSnapshot.map(s -> s.fileName() + " (index " + s.lastIncludedIndex() + ")")
            .orElse("no snapshot");
        String log = "log [" + logFirstIndex + ", " + logLastIndex + "]";
        return switch (action) {
            case REPLAY_LOG -> snapshot + ", " + log + ": opens cleanly, replays the log after the snapshot";
            case RESET_LOG -> snapshot + ", " + log + ": the snapshot is ahead of the log; reset the log to index " +
                (snapshotIndex() + 1);
            case GAP -> snapshot + ", " + log + ": entries " + (snapshotIndex() + 1) + " to " + (logFirstIndex - 1) +
                " are missing; restore this node from a peer";
        };
    }
}

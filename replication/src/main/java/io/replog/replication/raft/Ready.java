package io.replog.replication.raft;

import java.util.List;

/**
 * Work the core hands to its host, in the order the host must do it:
 * <ol>
 *   <li>write {@link #snapshotChunks()} into the partial snapshot file they belong to (a chunk at
 *       offset 0 starts a new one);</li>
 *   <li>persist {@link #snapshot()} (if any: a received snapshot the host verified and reported with
 *       {@link RaftNode#incomingSnapshotVerified}) by loading it and resetting the log to it;</li>
 *   <li>persist {@link #entries()}, first truncating the stored log after
 *       {@code entries().get(0).index() - 1} (a conflict may replace a stored suffix);</li>
 *   <li>persist {@link #hardState()} (if not null);</li>
 *   <li>send {@link #messages()} &mdash; these may leave at any time, even before step 1 (as may those of
 *       {@link RaftNode#takeMessages()}, which a host calls while it persists a Ready);</li>
 *   <li>only once 1-4 are durable, send {@link #messagesAfterPersist()}: vote grants, append and
 *       snapshot-chunk acknowledgements and vote requests carrying the new term, which promise
 *       durability;</li>
 *   <li>apply {@link #committedEntries()} in order and answer {@link #readStates()}. Committed entries were
 *       persisted before this Ready (never entries of this Ready), so a host may apply them as soon as it has
 *       the Ready, before steps 1-6; one that also calls {@link RaftNode#takeCommittedEntries()} must;</li>
 *   <li>call {@link RaftNode#advance(Ready)}; then, if a chunk {@link SnapshotChunk#completes() completed}
 *       a snapshot, verify the whole file and report with {@link RaftNode#incomingSnapshotVerified}.</li>
 * </ol>
 * Persisting may be asynchronous: between {@code ready()} and {@code advance()} the host may step, tick and
 * propose, send {@link RaftNode#takeMessages()} and apply {@link RaftNode#takeCommittedEntries()}; what that
 * produces otherwise waits for the next Ready (group commit). The core counts its own log towards a commit
 * only for entries whose Ready was advanced, i.e. durable.
 * <p>
 * Lists are owned by the Ready; the core never mutates them after handing them out.
 */
public record Ready(
    HardState hardState,
    Snapshot snapshot,
    List<SnapshotChunk> snapshotChunks,
    List<LogEntry> entries,
    List<Message> messages,
    List<Message> messagesAfterPersist,
    List<LogEntry> committedEntries,
    List<ReadState> readStates) {

    /** Whether anything must be made durable (and synced) before {@link #messagesAfterPersist()} may leave. */
    public boolean mustPersist() {
        return hardState != null || snapshot != null || !snapshotChunks.isEmpty() || !entries.isEmpty();
    }

    public boolean isEmpty() {
        return !mustPersist() && messages.isEmpty() && messagesAfterPersist.isEmpty() && committedEntries.isEmpty() && readStates.isEmpty();
    }

    /** The chunk of this Ready that completes its snapshot, or null. */
    public SnapshotChunk completedSnapshotChunk() {
        for (int i = 0; i < snapshotChunks.size(); i++) {
            if (snapshotChunks.get(i).completes()) {
                return snapshotChunks.get(i);
            }
        }
        return null;
    }
}

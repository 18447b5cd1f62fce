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
 * <b>Reused.</b> A core hands out the same Ready object, with the same lists, every time: they hold this
 * batch from {@code ready()} until the next {@code ready()} (which only comes after {@code advance}), and the
 * core does not touch them in between. A host that needs any of it longer copies it; the {@link LogEntry}
 * objects themselves are immutable and may be kept. The messages are the host's to send and then
 * {@link RaftNode#recycle(Message) recycle} (see {@link Message}).
 */
public final class Ready {
    /** Whether term, vote or commit index changed since the last Ready; the three fields below hold them if so. */
    private boolean hasHardState;
    private long hardStateTerm;
    private int hardStateVotedFor;
    private long hardStateCommitIndex;
    /** The same three as an object, made on the first {@link #hardState()} call: a host that reads the fields allocates none. */
    private HardState hardState;
    private Snapshot snapshot;
    private List<SnapshotChunk> snapshotChunks;
    private List<LogEntry> entries;
    private List<Message> messages;
    private List<Message> messagesAfterPersist;
    private List<LogEntry> committedEntries;
    private List<ReadState> readStates;

    /** A Ready of the given parts (a test or a wrapper that alters what a core handed out); lists are not copied. */
    public Ready(HardState hardState, Snapshot snapshot, List<SnapshotChunk> snapshotChunks, List<LogEntry> entries, List<Message> messages,
                 List<Message> messagesAfterPersist, List<LogEntry> committedEntries, List<ReadState> readStates) {
        fill(snapshot, snapshotChunks, entries, messages, messagesAfterPersist, committedEntries, readStates);
        if (hardState != null) {
            fillHardState(hardState.term(), hardState.votedFor(), hardState.commitIndex());
            this.hardState = hardState;
        }
    }

    /** Fills every part but the hard state, which it clears ({@link #fillHardState} sets it). */
    void fill(Snapshot snapshot, List<SnapshotChunk> snapshotChunks, List<LogEntry> entries, List<Message> messages,
              List<Message> messagesAfterPersist, List<LogEntry> committedEntries, List<ReadState> readStates) {
        this.hasHardState = false;
        this.hardStateTerm = 0;
        this.hardStateVotedFor = RaftNode.NONE;
        this.hardStateCommitIndex = 0;
        this.hardState = null;
        this.snapshot = snapshot;
        this.snapshotChunks = snapshotChunks;
        this.entries = entries;
        this.messages = messages;
        this.messagesAfterPersist = messagesAfterPersist;
        this.committedEntries = committedEntries;
        this.readStates = readStates;
    }

    void fillHardState(long term, int votedFor, long commitIndex) {
        this.hasHardState = true;
        this.hardStateTerm = term;
        this.hardStateVotedFor = votedFor;
        this.hardStateCommitIndex = commitIndex;
        this.hardState = null;
    }

    /** Whether term, vote or commit index changed since the last Ready and must be persisted. */
    public boolean hasHardState() {
        return hasHardState;
    }

    /** The term to persist; meaningful only if {@link #hasHardState()}. */
    public long hardStateTerm() {
        return hardStateTerm;
    }

    /** The vote to persist; meaningful only if {@link #hasHardState()}. */
    public int hardStateVotedFor() {
        return hardStateVotedFor;
    }

    /** The commit index hint to persist; meaningful only if {@link #hasHardState()}. */
    public long hardStateCommitIndex() {
        return hardStateCommitIndex;
    }

    /**
     * Term, vote and commit index to persist, or null when unchanged since the last Ready. Made on the first call
     * (then the same object); a host on the hot path reads {@link #hardStateTerm()} and its siblings instead.
     */
    public HardState hardState() {
        if (hasHardState && hardState == null) {
            hardState = new HardState(hardStateTerm, hardStateVotedFor, hardStateCommitIndex);
        }
        return hasHardState ? hardState : null;
    }

    /** A received snapshot to install (persist, then reset the log to it), or null. */
    public Snapshot snapshot() {
        return snapshot;
    }

    public List<SnapshotChunk> snapshotChunks() {
        return snapshotChunks;
    }

    /** Entries to persist, consecutive; the stored log is truncated after the first one's index minus one. */
    public List<LogEntry> entries() {
        return entries;
    }

    public List<Message> messages() {
        return messages;
    }

    public List<Message> messagesAfterPersist() {
        return messagesAfterPersist;
    }

    public List<LogEntry> committedEntries() {
        return committedEntries;
    }

    public List<ReadState> readStates() {
        return readStates;
    }

    /** Whether anything must be made durable (and synced) before {@link #messagesAfterPersist()} may leave. */
    public boolean mustPersist() {
        return hasHardState || snapshot != null || !snapshotChunks.isEmpty() || !entries.isEmpty();
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

package io.replog.replication.raft;

/**
 * The leader's view of one replica's log.
 * <ul>
 *   <li>{@link State#PROBE}: the leader does not know where the logs diverge; it sends one append
 *       at a time and waits for the answer (or the next heartbeat) before sending another.</li>
 *   <li>{@link State#REPLICATE}: logs match up to {@code matchIndex}; appends are pipelined
 *       optimistically, bounded by the {@link Inflights} window.</li>
 *   <li>{@link State#SNAPSHOT}: the replica needs entries the leader compacted; the leader streams
 *       the snapshot in chunks, one at a time, and sends no appends.</li>
 * </ul>
 * Invariants: {@code matchIndex < nextIndex}; in PROBE and SNAPSHOT the in-flight window is empty.
 */
final class Progress {
    enum State { PROBE, REPLICATE, SNAPSHOT }

    /** Highest index known to be replicated (durably) on the replica. */
    long matchIndex;
    /** Next index to send. */
    long nextIndex;
    State state = State.PROBE;
    /** PROBE only: an append is outstanding, so further appends wait (until a heartbeat response). */
    boolean probeSent;
    /** SNAPSHOT only: index of the snapshot being streamed, and the next byte offset to send. */
    long pendingSnapshotIndex;
    long snapshotOffsetBytes;
    /** Heard from the replica since the last check-quorum round. */
    boolean recentActive;
    final boolean learner;
    final Inflights inflights;

    Progress(long nextIndex, int maxInflightAppends, long maxInflightBytes, boolean learner) {
        this.nextIndex = nextIndex;
        this.inflights = new Inflights(maxInflightAppends, maxInflightBytes);
        this.learner = learner;
    }

    void becomeProbe() {
        nextIndex = state == State.SNAPSHOT ? Math.max(matchIndex + 1, pendingSnapshotIndex + 1) : matchIndex + 1;
        resetState(State.PROBE);
    }

    void becomeReplicate() {
        nextIndex = matchIndex + 1;
        resetState(State.REPLICATE);
    }

    void becomeSnapshot(long snapshotIndex) {
        resetState(State.SNAPSHOT);
        pendingSnapshotIndex = snapshotIndex;
        snapshotOffsetBytes = 0;
    }

    private void resetState(State newState) {
        state = newState;
        probeSent = false;
        pendingSnapshotIndex = 0;
        snapshotOffsetBytes = 0;
        inflights.reset();
    }

    /** The replica acknowledged {@code index}; returns whether the match index moved. */
    boolean maybeUpdate(long index) {
        boolean updated = matchIndex < index;
        if (updated) {
            matchIndex = index;
            probeSent = false;
        }
        nextIndex = Math.max(nextIndex, index + 1);
        return updated;
    }

    /**
     * The replica rejected an append whose previous index was {@code rejectedIndex}; {@code probeIndexHint}
     * is the highest index that may still match. Returns false for a stale rejection.
     */
    boolean maybeDecreaseTo(long rejectedIndex, long probeIndexHint) {
        if (state == State.REPLICATE) {
            if (rejectedIndex <= matchIndex) {
                return false;
            }
            nextIndex = matchIndex + 1;
            return true;
        }
        if (nextIndex - 1 != rejectedIndex) {
            return false;
        }
        nextIndex = Math.max(Math.min(rejectedIndex, probeIndexHint + 1), matchIndex + 1);
        probeSent = false;
        return true;
    }

    /** Records that an append carrying entries up to {@code lastIndex} ({@code sizeBytes} of payload) left. */
    void sentEntries(long lastIndex, int entryCount, long sizeBytes) {
        if (state == State.REPLICATE) {
            if (entryCount > 0) {
                nextIndex = lastIndex + 1;
                inflights.add(lastIndex, sizeBytes);
            }
        } else if (state == State.PROBE) {
            probeSent = true;
        }
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    void checkInvariants(int id, long lastIndex) {
        if (matchIndex >= nextIndex || matchIndex > lastIndex) {
            throw new IllegalStateException("progress of " + id + " broken: match " + matchIndex + " next " + nextIndex + " last " + lastIndex);
        }
        if (state != State.REPLICATE && inflights.count() != 0) {
            throw new IllegalStateException("progress of " + id + " in " + state + " has " + inflights.count() + " in-flight appends");
        }
    }

    @Override
    public String toString() {
        return state + " match=" + matchIndex + " next=" + nextIndex + (state == State.REPLICATE ? " inflight=" + inflights.count() : "")
            + (state == State.SNAPSHOT ? " snapshot=" + pendingSnapshotIndex + "@" + snapshotOffsetBytes : "") + (probeSent ? " paused" : "");
    }
}

package io.replog.replication.raft;

/**
 * The leader's view of one replica's log.
 * <ul>
 *   <li>{@link State#PROBE}: the leader does not know where the logs diverge; it sends one append
 *       at a time and waits for the answer (or the next heartbeat) before sending another.</li>
 *   <li>{@link State#REPLICATE}: logs match up to {@code matchIndex}; appends are pipelined
 *       optimistically, bounded by the {@link Inflights} window.</li>
 *   <li>{@link State#SNAPSHOT}: the replica needs entries the leader compacted; the leader streams
 *       the snapshot in chunks and sends no appends. The first chunk goes alone (a probe: the replica
 *       may hold a partial copy and answers where it stands); then chunks are pipelined within a
 *       window of bytes sent and not yet acknowledged as durable.</li>
 * </ul>
 * Invariants: {@code matchIndex < nextIndex}; in PROBE and SNAPSHOT the in-flight window is empty;
 * in SNAPSHOT {@code 0 <= snapshotAckedBytes <= snapshotSentBytes <= pendingSnapshot.lengthBytes()}.
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
    /** SNAPSHOT only: the snapshot being streamed. */
    Snapshot pendingSnapshot;
    /** SNAPSHOT only: bytes the replica said it holds durably, and the offset of the next byte to send. */
    long snapshotAckedBytes;
    long snapshotSentBytes;
    /** SNAPSHOT only: no answer about this snapshot yet, so at most one chunk out ({@code snapshotProbeSent}). */
    boolean snapshotProbing;
    boolean snapshotProbeSent;
    /** SNAPSHOT only: {@code snapshotAckedBytes} at the last heartbeat answer; unchanged since means a stall. */
    long snapshotAckedAtHeartbeat;
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
        nextIndex = state == State.SNAPSHOT ? Math.max(matchIndex + 1, pendingSnapshotIndex() + 1) : matchIndex + 1;
        resetState(State.PROBE);
    }

    void becomeReplicate() {
        nextIndex = matchIndex + 1;
        resetState(State.REPLICATE);
    }

    void becomeSnapshot(Snapshot snapshot) {
        resetState(State.SNAPSHOT);
        pendingSnapshot = snapshot;
        snapshotProbing = true;
    }

    private void resetState(State newState) {
        state = newState;
        probeSent = false;
        pendingSnapshot = null;
        snapshotAckedBytes = 0;
        snapshotSentBytes = 0;
        snapshotProbing = false;
        snapshotProbeSent = false;
        snapshotAckedAtHeartbeat = 0;
        inflights.reset();
    }

    long pendingSnapshotIndex() {
        return pendingSnapshot == null ? 0 : pendingSnapshot.index();
    }

    /** SNAPSHOT only: whether another chunk may leave now, {@code maxInflightBytes} permitting (one always may). */
    boolean snapshotWindowOpen(long maxInflightBytes) {
        if (snapshotProbing) {
            return !snapshotProbeSent;
        }
        long inflightBytes = snapshotSentBytes - snapshotAckedBytes;
        return snapshotSentBytes < pendingSnapshot.lengthBytes() && (inflightBytes == 0 || inflightBytes < maxInflightBytes);
    }

    void snapshotChunkSent(int lengthBytes) {
        snapshotSentBytes += lengthBytes;
        snapshotProbeSent = true;
    }

    /**
     * The replica holds {@code nextOffsetBytes} bytes durably; {@code refused}: it wants the stream resent
     * from there (a chunk was lost, or it holds other bytes). Any answer ends the probe.
     */
    void snapshotAnswered(long nextOffsetBytes, boolean refused) {
        long next = Math.min(nextOffsetBytes, pendingSnapshot.lengthBytes());
        snapshotProbing = false;
        if (refused) {
            // Resend from where the replica stands; it may even hold less than it acknowledged before
            // (it discarded a copy that failed verification, or restarted without its partial file).
            snapshotAckedBytes = next;
            snapshotSentBytes = next;
            return;
        }
        // An acknowledgement older than one already seen (reordered on the way) says nothing new.
        snapshotAckedBytes = Math.max(snapshotAckedBytes, next);
        snapshotSentBytes = Math.max(snapshotSentBytes, snapshotAckedBytes);
    }

    /** A heartbeat answer: if no byte was acknowledged since the last one, resend from the last acknowledged byte. */
    void snapshotHeartbeat() {
        if (snapshotAckedBytes == snapshotAckedAtHeartbeat) {
            snapshotSentBytes = snapshotAckedBytes;
            snapshotProbeSent = false;
        }
        snapshotAckedAtHeartbeat = snapshotAckedBytes;
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

    /**
     * The append whose previous entry was {@code prevIndex}, and every later one since, never left the
     * leader (its transport pushed back). REPLICATE: resend from after {@code prevIndex} (or the match
     * index, if acknowledged beyond it meanwhile); PROBE: the probe may go again. Returns whether
     * anything changed, i.e. whether an append should be sent again.
     */
    boolean appendNotSent(long prevIndex) {
        if (state == State.REPLICATE) {
            long resendFrom = Math.max(prevIndex, matchIndex) + 1;
            if (resendFrom >= nextIndex) {
                return false;
            }
            nextIndex = resendFrom;
            inflights.forgetAfter(resendFrom - 1);
            return true;
        }
        if (state == State.PROBE && probeSent && prevIndex == nextIndex - 1) {
            probeSent = false;
            return true;
        }
        return false;
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
        if (state == State.SNAPSHOT && (snapshotAckedBytes < 0 || snapshotAckedBytes > snapshotSentBytes
            || snapshotSentBytes > pendingSnapshot.lengthBytes())) {
            throw new IllegalStateException("progress of " + id + " streams " + pendingSnapshot + " with " + snapshotAckedBytes
                + " bytes acknowledged and " + snapshotSentBytes + " sent");
        }
    }

    @Override
    public String toString() {
        return state + " match=" + matchIndex + " next=" + nextIndex + (state == State.REPLICATE ? " inflight=" + inflights.count() : "")
            + (state == State.SNAPSHOT ? " snapshot=" + pendingSnapshotIndex() + "@" + snapshotAckedBytes : "") + (probeSent ? " paused" : "");
    }
}

package io.replog.replication.raft;

import java.util.List;

/**
 * The leader's duties: appending proposals, pipelined AppendEntries within each follower's
 * in-flight window, probing after rejections (with term hints), commitment by majority match of
 * current-term entries only, heartbeats and check-quorum, streaming snapshots to followers behind
 * the compaction point, read index, and leadership transfer.
 */
final class LeaderReplication {
    private final RaftNode node;
    /**
     * Snapshot bytes this leader may still send in the current tick, over all followers; refilled by
     * every tick to {@code maxSnapshotBytesPerTick} (never above it). May go below zero by one chunk,
     * a debt the next ticks pay. Unused when that limit is 0.
     */
    private long snapshotBudgetBytes;
    /**
     * Entries were proposed since the last {@link #flushProposals()}: followers are told about them when
     * the host next collects output (a Ready or {@link RaftNode#takeMessages()}), so every proposal of one
     * duty cycle travels in one AppendEntries per follower instead of one each.
     */
    private boolean proposalsPending;

    LeaderReplication(RaftNode node) {
        this.node = node;
    }

    void tick() {
        refillSnapshotBudget();
        node.heartbeatElapsedTicks++;
        node.electionElapsedTicks++;
        if (node.electionElapsedTicks >= node.config.electionTimeoutTicks()) {
            node.electionElapsedTicks = 0;
            if (node.config.checkQuorum()) {
                if (!node.tracker.quorumActive(node.id)) {
                    // We could not hear a majority for a whole election timeout: a new leader may
                    // exist on the other side of a partition, so stop serving (and stop reads).
                    node.becomeFollower(node.term, RaftNode.NONE);
                    return;
                }
                node.tracker.clearRecentActive(node.id);
            }
            node.transfereeId = RaftNode.NONE; // a transfer that did not finish in a timeout is abandoned
        }
        if (node.heartbeatElapsedTicks >= node.config.heartbeatIntervalTicks()) {
            node.heartbeatElapsedTicks = 0;
            broadcastHeartbeat(node.readIndexQueue.latestContext());
        }
    }

    /** With a per-tick limit, a new tick's budget lets the streams the last one held back go on. */
    private void refillSnapshotBudget() {
        long perTick = node.config.maxSnapshotBytesPerTick();
        if (perTick == 0) {
            return;
        }
        snapshotBudgetBytes = Math.min(perTick, snapshotBudgetBytes + perTick);
        ProgressTracker tracker = node.tracker;
        for (int i = 0; i < tracker.memberCount(); i++) {
            if (tracker.memberId(i) != node.id && tracker.member(i).state == Progress.State.SNAPSHOT) {
                sendSnapshotChunks(tracker.memberId(i), tracker.member(i));
            }
        }
    }

    /** Appends {@code entry}, the next of the current term, to the log (the node checked it may). */
    void propose(LogEntry entry) {
        node.log.append(entry);
        // A single voter commits when its own write is durable (selfPersisted): nobody to tell.
        proposalsPending = node.tracker.configuration().voters().size() > 1;
    }

    /** Sends followers the entries proposed since the last flush, as far as their windows allow. */
    void flushProposals() {
        if (!proposalsPending) {
            return;
        }
        proposalsPending = false;
        for (int i = 0; i < node.tracker.memberCount(); i++) {
            int peer = node.tracker.memberId(i);
            while (peer != node.id && maybeSendAppend(peer, false)) {
                // fill the peer's window, one message per maxEntriesPerAppend / maxBytesPerAppend
            }
        }
    }

    /** Forgets proposals not yet flushed (the node stops leading: nothing more is sent for this term). */
    void reset() {
        proposalsPending = false;
    }

    /**
     * The host could not hand the AppendEntries to {@code peer} whose previous entry is {@code prevIndex} to
     * its transport (back pressure), nor, it promises, any later one of this term to that peer since. The
     * peer's progress forgets that those entries were sent, so the next output sends them again, as the
     * transport's room allows, instead of waiting for a rejection or a heartbeat to reveal the gap.
     */
    void appendNotSent(int peer, long prevIndex) {
        Progress pr = node.tracker.get(peer);
        if (pr == null || !pr.appendNotSent(prevIndex)) {
            return;
        }
        maybeSendAppend(peer, false);
    }

    void step(Message m) {
        Progress pr = node.tracker.get(m.from());
        if (pr == null) {
            return;
        }
        pr.recentActive = true;
        switch (m.type()) {
            case APPEND_RESPONSE -> handleAppendResponse(m, pr);
            case HEARTBEAT_RESPONSE -> handleHeartbeatResponse(m, pr);
            case INSTALL_SNAPSHOT_RESPONSE -> handleSnapshotResponse(m, pr);
            default -> { } // APPEND etc. at our own term cannot come from another leader (Election Safety)
        }
    }

    /** Sends every follower what it is missing, or an empty append carrying the commit index. */
    void broadcastAppend() {
        for (int i = 0; i < node.tracker.memberCount(); i++) {
            int peer = node.tracker.memberId(i);
            if (peer != node.id) {
                maybeSendAppend(peer, true);
            }
        }
    }

    private void broadcastHeartbeat(long context) {
        for (int i = 0; i < node.tracker.memberCount(); i++) {
            int peer = node.tracker.memberId(i);
            if (peer != node.id) {
                // Never tell a follower to commit past what it is known to hold.
                long commit = Math.min(node.tracker.member(i).matchIndex, node.log.committedIndex());
                node.send(node.message().asHeartbeat(MessageType.HEARTBEAT, node.id, peer, node.term, commit, context), false);
            }
        }
    }

    /**
     * Sends one append (or the next snapshot chunk) to {@code peer} if its window allows; returns
     * whether something was sent. {@code sendIfEmpty} sends even without entries (commit news).
     */
    boolean maybeSendAppend(int peer, boolean sendIfEmpty) {
        Progress pr = node.tracker.get(peer);
        if (pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.nextIndex - 1;
        long prevTerm = node.log.term(prevIndex);
        Message append = node.message().asAppend(node.id, peer, node.term, prevIndex, prevTerm, node.log.committedIndex());
        EntryList entries = append.entryList();
        if (prevTerm == RaftLog.UNAVAILABLE
            || !node.log.entries(pr.nextIndex, node.config.maxEntriesPerAppend(), node.config.maxBytesPerAppend(), entries)) {
            // The follower needs entries we compacted away: only a snapshot can repair it.
            node.recycle(append);
            return startSnapshot(peer, pr);
        }
        if (entries.isEmpty() && !sendIfEmpty) {
            node.recycle(append);
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            bytes += entries.get(i).sizeBytes();
        }
        long lastIndex = entries.isEmpty() ? prevIndex : entries.get(entries.size() - 1).index();
        pr.sentEntries(lastIndex, entries.size(), bytes);
        node.send(append, false);
        return true;
    }

    private void handleAppendResponse(Message m, Progress pr) {
        if (m.reject()) {
            long probeIndex = m.rejectHint();
            if (m.logTerm() > 0) {
                probeIndex = node.log.findConflictByTerm(m.rejectHint(), m.logTerm());
            }
            if (pr.maybeDecreaseTo(m.index(), probeIndex)) {
                if (pr.state == Progress.State.REPLICATE) {
                    pr.becomeProbe();
                }
                maybeSendAppend(m.from(), true);
            }
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.index())) {
            return;
        }
        switch (pr.state) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.matchIndex >= pr.pendingSnapshotIndex()) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights.freeUpTo(m.index());
            default -> throw new IllegalStateException("unknown progress state");
        }
        if (maybeCommit()) {
            broadcastAppend();
        } else if (wasPaused) {
            maybeSendAppend(m.from(), true);
        }
        // Fill the window: pipelining is what makes replication fast over a slow link.
        while (maybeSendAppend(m.from(), false)) {
            // keep sending
        }
        if (m.from() == node.transfereeId && pr.matchIndex == node.log.lastIndex()) {
            node.send(node.message().asSimple(MessageType.TIMEOUT_NOW, node.id, m.from(), node.term, false), false);
        }
    }

    private void handleHeartbeatResponse(Message m, Progress pr) {
        if (pr.state == Progress.State.PROBE) {
            pr.probeSent = false; // the follower is reachable: retry the lost probe
        } else if (pr.state == Progress.State.REPLICATE && pr.inflights.full()) {
            // Appends may have been lost: free one slot so a new append goes out; if the follower
            // misses entries it rejects it and we fall back to probing instead of stalling forever.
            pr.inflights.freeFirst();
        }
        if (pr.state == Progress.State.SNAPSHOT) {
            pr.snapshotHeartbeat(); // no byte acknowledged for a whole heartbeat round: resend what may be lost
            sendSnapshotChunks(m.from(), pr);
        } else if (pr.matchIndex < node.log.lastIndex()) {
            maybeSendAppend(m.from(), true);
        }
        if (m.context() != Message.NO_CONTEXT) {
            node.readIndexQueue.acknowledge(m.from(), m.context(), node.tracker.configuration().quorumCount(), node.readStatesSink());
        }
    }

    private void handleSnapshotResponse(Message m, Progress pr) {
        if (pr.state != Progress.State.SNAPSHOT || m.index() != pr.pendingSnapshot.index() || m.logTerm() != pr.pendingSnapshot.term()) {
            return;
        }
        pr.snapshotAnswered(m.chunkOffsetBytes(), m.reject());
        sendSnapshotChunks(m.from(), pr);
    }

    private boolean startSnapshot(int peer, Progress pr) {
        Snapshot snapshot = node.log.storage().snapshot();
        if (snapshot == null) {
            throw new IllegalStateException("node " + node.id + ": follower " + peer + " needs index " + pr.nextIndex
                + " below first index " + node.log.firstIndex() + " but the host reports no snapshot");
        }
        pr.becomeSnapshot(snapshot);
        sendSnapshotChunks(peer, pr);
        return true;
    }

    /**
     * Sends the follower the next chunks of the snapshot, read from the host's copy, while its window
     * and this tick's byte budget allow.
     */
    private void sendSnapshotChunks(int peer, Progress pr) {
        Snapshot snapshot = node.log.storage().snapshot();
        if (!snapshot.sameBytes(pr.pendingSnapshot)) {
            pr.becomeSnapshot(snapshot); // a newer snapshot replaced the one being streamed: start it over
        }
        long perTick = node.config.maxSnapshotBytesPerTick();
        while (pr.snapshotWindowOpen(node.config.maxSnapshotInflightBytes()) && (perTick == 0 || snapshotBudgetBytes > 0)) {
            long offset = pr.snapshotSentBytes;
            int length = (int)Math.min(node.config.snapshotChunkBytes(), snapshot.lengthBytes() - offset);
            byte[] chunk = node.log.storage().readSnapshot(snapshot, offset, length);
            if (chunk.length != length) {
                throw new IllegalStateException("node " + node.id + ": the host read " + chunk.length + " bytes of " + snapshot
                    + " at offset " + offset + ", not " + length);
            }
            pr.snapshotChunkSent(length);
            snapshotBudgetBytes -= perTick == 0 ? 0 : length;
            node.send(node.message().asSnapshotChunk(node.id, peer, node.term, snapshot, offset, chunk), false);
        }
    }

    /** Commits the majority match index if it is an entry of this term (Raft 5.4.2); says whether it moved. */
    boolean maybeCommit() {
        if (!node.log.maybeCommit(node.tracker.committedIndex(), node.term)) {
            return false;
        }
        // An entry of our term is now committed, so reads deferred until then may start.
        releaseDeferredReads();
        return true;
    }

    /** Our own write of entries up to {@code stableLastIndex} is durable: it counts towards the majority. */
    void selfPersisted(long stableLastIndex) {
        if (node.tracker.get(node.id).maybeUpdate(stableLastIndex) && maybeCommit()) {
            broadcastAppend();
        }
    }

    boolean readIndex(long context) {
        if (!committedInCurrentTerm()) {
            // Until an entry of our term commits, our commit index may lag the true one (Raft 6.4).
            node.readIndexQueue.deferUntilTermCommit(context);
            return true;
        }
        startRead(context);
        return true;
    }

    private void startRead(long context) {
        if (node.tracker.configuration().voters().size() == 1) {
            node.addReadState(new ReadState(node.log.committedIndex(), context));
            return;
        }
        node.readIndexQueue.add(context, node.log.committedIndex(), node.id);
        broadcastHeartbeat(context);
    }

    private void releaseDeferredReads() {
        if (!node.readIndexQueue.hasDeferred()) {
            return; // the usual case on every commit: no iterator, no boxed context
        }
        for (long context : node.readIndexQueue.drainDeferred()) {
            startRead(context);
        }
    }

    private boolean committedInCurrentTerm() {
        return node.log.term(node.log.committedIndex()) == node.term;
    }

    boolean transferLeadership(int targetId) {
        if (targetId == node.id || !node.tracker.configuration().isVoter(targetId)) {
            return false;
        }
        node.transfereeId = targetId;
        node.electionElapsedTicks = 0; // the transfer must finish within one election timeout
        Progress pr = node.tracker.get(targetId);
        if (pr.matchIndex == node.log.lastIndex()) {
            node.send(node.message().asSimple(MessageType.TIMEOUT_NOW, node.id, targetId, node.term, false), false);
        } else {
            maybeSendAppend(targetId, true);
        }
        return true;
    }
}

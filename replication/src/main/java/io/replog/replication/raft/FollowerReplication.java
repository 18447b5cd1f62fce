package io.replog.replication.raft;

/**
 * The receiving side of replication, for followers and candidates: AppendEntries, heartbeats,
 * InstallSnapshot chunks and TimeoutNow. Acknowledgements of entries and snapshots promise
 * durability, so they travel in {@code messagesAfterPersist}; heartbeat answers promise nothing and leave at once.
 */
final class FollowerReplication {
    private final RaftNode node;

    FollowerReplication(RaftNode node) {
        this.node = node;
    }

    void step(Message m) {
        switch (m.type()) {
            case APPEND -> {
                acceptLeader(m);
                handleAppend(m);
            }
            case HEARTBEAT -> {
                acceptLeader(m);
                handleHeartbeat(m);
            }
            case INSTALL_SNAPSHOT -> {
                acceptLeader(m);
                handleSnapshotChunk(m);
            }
            case TIMEOUT_NOW -> {
                if (node.role == Role.FOLLOWER) {
                    // Leadership transfer: campaign at once, skipping pre-vote, with leases bypassed.
                    node.elections.campaign(false, true);
                }
            }
            default -> { } // responses meant for a leader we no longer are
        }
    }

    /** A message from the leader of our term: (pre-)candidates give up, the election timer restarts. */
    private void acceptLeader(Message m) {
        if (node.role != Role.FOLLOWER || node.leaderId != m.from()) {
            node.becomeFollower(m.term(), m.from());
        }
        node.electionElapsedTicks = 0;
    }

    private void handleAppend(Message m) {
        RaftLog log = node.log;
        if (m.index() < log.committedIndex()) {
            // Everything up to our commit index matches the leader's log already (Log Matching).
            node.send(node.message().asAppendResponse(node.id, m.from(), node.term, log.committedIndex(), false, 0, 0), true);
            return;
        }
        long lastNewIndex = log.maybeAppend(m.index(), m.logTerm(), m.commitIndex(), m.entryList());
        if (lastNewIndex != RaftLog.UNAVAILABLE) {
            node.send(node.message().asAppendResponse(node.id, m.from(), node.term, lastNewIndex, false, 0, 0), true);
            return;
        }
        // Fast backtracking: tell the leader the highest index that may still match and its term,
        // so it skips a whole term of conflicting entries per round trip.
        long hintIndex = Math.min(m.index(), log.lastIndex());
        hintIndex = log.findConflictByTerm(hintIndex, m.logTerm());
        long hintTerm = log.term(hintIndex);
        node.send(node.message().asAppendResponse(node.id, m.from(), node.term, m.index(), true, hintIndex, Math.max(hintTerm, 0)), true);
    }

    private void handleHeartbeat(Message m) {
        // The leader sends min(our match, its commit), so this never points past our matching prefix.
        node.log.commitTo(Math.min(m.commitIndex(), node.log.lastIndex()));
        // The answer promises nothing durable (no entry, no vote: only "I know no newer term"), so it leaves at
        // once, as etcd's does: the leader's check-quorum and read index never wait for this node's disk.
        node.send(node.message().asHeartbeat(MessageType.HEARTBEAT_RESPONSE, node.id, m.from(), node.term, 0, m.context()), false);
    }

    /**
     * An InstallSnapshot chunk: accepted in order and handed to the host to write; acknowledged (after
     * persist) with the next byte wanted. The chunk that completes the snapshot is not acknowledged:
     * the host verifies the whole file first and reports ({@link #snapshotVerified}).
     */
    private void handleSnapshotChunk(Message m) {
        RaftLog log = node.log;
        Snapshot snapshot = m.snapshot();
        if (snapshot.index() <= log.committedIndex()) {
            // Nothing to install: tell the leader where we are so it resumes appends.
            node.send(node.message().asAppendResponse(node.id, m.from(), node.term, log.committedIndex(), false, 0, 0), true);
            return;
        }
        SnapshotReceiver receiver = node.snapshotReceiver;
        if (receiver.complete()) {
            return; // the host is verifying a complete snapshot; its report answers the leader
        }
        SnapshotChunk accepted = receiver.offer(snapshot, m.chunkOffsetBytes(), m.chunk());
        if (accepted != null) {
            node.addSnapshotChunk(accepted);
            if (accepted.completes()) {
                return;
            }
        }
        // A refusal (reject) means "resend from here": a chunk was lost, or these are other bytes. A
        // duplicate of a chunk we hold is answered like an acknowledgement: nothing was lost.
        boolean refused = accepted == null && m.chunkOffsetBytes() > receiver.nextOffsetBytes(snapshot);
        node.send(node.message().asSnapshotResponse(node.id, m.from(), node.term, snapshot, receiver.nextOffsetBytes(snapshot), refused), true);
    }

    /**
     * The host verified (or failed to verify) the complete snapshot it wrote. Intact: restore it (unless
     * our log already holds its last entry) and tell the leader we match up to it. Damaged: the file is
     * gone, so ask the leader to start over from byte 0.
     */
    boolean snapshotVerified(Snapshot snapshot, boolean intact) {
        int leaderId = node.leaderId;
        RaftLog log = node.log;
        if (!intact) {
            if (leaderId != RaftNode.NONE) {
                node.send(node.message().asSnapshotResponse(node.id, leaderId, node.term, snapshot, 0, true), true);
            }
            return false;
        }
        if (node.role == Role.LEADER) {
            return false; // we won an election meanwhile, so our log holds every committed entry already
        }
        boolean restored = false;
        if (snapshot.index() > log.committedIndex()) {
            if (log.matchTerm(snapshot.index(), snapshot.term())) {
                // Our log already holds the snapshot's last entry: it is committed, and the entries after
                // it stay (we may have acknowledged them, so they may count towards a commit).
                log.commitTo(snapshot.index());
            } else {
                log.restore(snapshot);
                node.tracker.applyConfiguration(snapshot.meta().configuration(), log.lastIndex() + 1);
                restored = true;
            }
        }
        if (leaderId != RaftNode.NONE) {
            // Only the prefix up to the commit index is known to match the leader, not any suffix we hold.
            node.send(node.message().asAppendResponse(node.id, leaderId, node.term, log.committedIndex(), false, 0, 0), true);
        }
        return restored;
    }
}

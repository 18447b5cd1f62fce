package io.replog.replication.raft;

/**
 * The receiving side of replication, for followers and candidates: AppendEntries, heartbeats,
 * InstallSnapshot chunks and TimeoutNow. Acknowledgements of entries and snapshots promise
 * durability, so they travel in {@code messagesAfterPersist}.
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
            node.send(Message.appendResponse(node.id, m.from(), node.term, log.committedIndex(), false, 0, 0), true);
            return;
        }
        long lastNewIndex = log.maybeAppend(m.index(), m.logTerm(), m.commitIndex(), m.entries());
        if (lastNewIndex != RaftLog.UNAVAILABLE) {
            node.send(Message.appendResponse(node.id, m.from(), node.term, lastNewIndex, false, 0, 0), true);
            return;
        }
        // Fast backtracking: tell the leader the highest index that may still match and its term,
        // so it skips a whole term of conflicting entries per round trip.
        long hintIndex = Math.min(m.index(), log.lastIndex());
        hintIndex = log.findConflictByTerm(hintIndex, m.logTerm());
        long hintTerm = log.term(hintIndex);
        node.send(Message.appendResponse(node.id, m.from(), node.term, m.index(), true, hintIndex, Math.max(hintTerm, 0)), true);
    }

    private void handleHeartbeat(Message m) {
        // The leader sends min(our match, its commit), so this never points past our matching prefix.
        node.log.commitTo(Math.min(m.commitIndex(), node.log.lastIndex()));
        node.send(Message.heartbeat(MessageType.HEARTBEAT_RESPONSE, node.id, m.from(), node.term, 0, m.context()), true);
    }

    private void handleSnapshotChunk(Message m) {
        RaftLog log = node.log;
        SnapshotMeta meta = m.snapshot();
        if (meta.index() <= log.committedIndex()) {
            // Nothing to install: tell the leader where we are so it resumes appends.
            node.snapshotReceiver.reset();
            node.send(Message.appendResponse(node.id, m.from(), node.term, log.committedIndex(), false, 0, 0), true);
            return;
        }
        Snapshot complete = node.snapshotReceiver.offer(meta, m.chunkOffsetBytes(), m.chunk(), m.lastChunk());
        if (complete == null) {
            node.send(Message.snapshotResponse(node.id, m.from(), node.term, meta.index(), node.snapshotReceiver.nextOffsetBytes(meta.index())), false);
            return;
        }
        if (log.matchTerm(meta.index(), meta.term())) {
            // Our log already holds the snapshot's last entry: it is committed, keep the suffix.
            log.commitTo(meta.index());
        } else {
            log.restore(complete);
            node.tracker.applyConfiguration(meta.configuration(), log.lastIndex() + 1);
        }
        // Only the prefix up to the snapshot is known to match the leader, not any suffix we hold.
        node.send(Message.appendResponse(node.id, m.from(), node.term, meta.index(), false, 0, 0), true);
    }
}

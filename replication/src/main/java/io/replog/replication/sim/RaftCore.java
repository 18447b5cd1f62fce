package io.replog.replication.sim;

import io.replog.replication.raft.HardState;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.LogStorage;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.RaftConfig;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Ready;
import io.replog.replication.raft.Role;
import io.replog.replication.raft.Snapshot;

import java.util.List;
import java.util.Random;

/**
 * What the simulator needs of a Raft core. The real one is {@link RaftNode}; tests substitute
 * deliberately broken cores (wrappers that, say, send replies before persisting) to prove that
 * the simulator's checkers catch them. Nothing in production code knows about those.
 */
public interface RaftCore {
    /** Builds a core for one node incarnation; {@link #REAL} builds the real one. */
    @FunctionalInterface
    interface Factory {
        RaftCore create(RaftConfig config, LogStorage storage, HardState hardState, Random random);
    }

    Factory REAL = (config, storage, hardState, random) -> new Real(new RaftNode(config, storage, hardState, random));

    void tick();

    void step(Message message);

    boolean propose(byte[] data);

    /** Asks for a linearizable read, answered by a ReadState in a later Ready; false if not leader. */
    boolean readIndex(long context);

    /** Leader only: hands leadership to {@code targetId}. */
    boolean transferLeadership(int targetId);

    /** The host verified a received snapshot; true when a later Ready hands it back to install. */
    boolean incomingSnapshotVerified(Snapshot snapshot, boolean intact);

    boolean hasReady();

    /** Messages that may leave now, even while a Ready's persistence is in progress ({@link RaftNode#takeMessages()}). */
    List<Message> takeMessages();

    /** Committed, persisted entries to apply now, even while a Ready is being persisted ({@link RaftNode#takeCommittedEntries()}). */
    List<LogEntry> takeCommittedEntries();

    /** The host's transport pushed back on an AppendEntries this node sent ({@link RaftNode#appendNotSent(Message)}). */
    void appendNotSent(Message append);

    /** Gives back a message the core handed out, once sent or dropped ({@link RaftNode#recycle(Message)}). */
    void recycle(Message message);

    Ready ready();

    void advance(Ready ready);

    /** Throws {@link IllegalStateException} naming a broken state invariant. */
    void invariants();

    int id();

    Role role();

    long term();

    int leaderId();

    long commitIndex();

    long firstIndex();

    long lastIndex();

    /** Term at {@code index} as the core sees it, -1 if unavailable. */
    long termAt(long index);

    /** Delegates to a {@link RaftNode}; wrappers extend this and override what they break. */
    class Real implements RaftCore {
        protected final RaftNode raft;

        public Real(RaftNode raft) {
            this.raft = raft;
        }

        public RaftNode raft() {
            return raft;
        }

        @Override
        public void tick() {
            raft.tick();
        }

        @Override
        public void step(Message message) {
            raft.step(message);
        }

        @Override
        public boolean propose(byte[] data) {
            return raft.propose(data);
        }

        @Override
        public boolean readIndex(long context) {
            return raft.readIndex(context);
        }

        @Override
        public boolean transferLeadership(int targetId) {
            return raft.transferLeadership(targetId);
        }

        @Override
        public boolean incomingSnapshotVerified(Snapshot snapshot, boolean intact) {
            return raft.incomingSnapshotVerified(snapshot, intact);
        }

        @Override
        public boolean hasReady() {
            return raft.hasReady();
        }

        @Override
        public List<Message> takeMessages() {
            return raft.takeMessages();
        }

        @Override
        public List<LogEntry> takeCommittedEntries() {
            return raft.takeCommittedEntries();
        }

        @Override
        public void appendNotSent(Message append) {
            raft.appendNotSent(append);
        }

        @Override
        public void recycle(Message message) {
            raft.recycle(message);
        }

        @Override
        public Ready ready() {
            return raft.ready();
        }

        @Override
        public void advance(Ready ready) {
            raft.advance(ready);
        }

        @Override
        public void invariants() {
            raft.invariants();
        }

        @Override
        public int id() {
            return raft.id();
        }

        @Override
        public Role role() {
            return raft.role();
        }

        @Override
        public long term() {
            return raft.term();
        }

        @Override
        public int leaderId() {
            return raft.leaderId();
        }

        @Override
        public long commitIndex() {
            return raft.commitIndex();
        }

        @Override
        public long firstIndex() {
            return raft.firstIndex();
        }

        @Override
        public long lastIndex() {
            return raft.lastIndex();
        }

        @Override
        public long termAt(long index) {
            return raft.termAt(index);
        }
    }
}

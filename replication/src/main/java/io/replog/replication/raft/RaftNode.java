package io.replog.replication.raft;

import java.util.List;
import java.util.Random;

/**
 * One Raft replica as a pure, deterministic state machine (the etcd-raft shape). Inputs:
 * {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])}, {@link #readIndex(long)},
 * {@link #transferLeadership(int)}, {@link #campaign()}. Output: {@link Ready} batches, acknowledged
 * with {@link #advance(Ready)}. It never does IO, reads no clock and starts no thread; the only
 * randomness is the injected {@link Random} (election timeouts), so a seed replays a run.
 * <p>
 * The protocol is split by concern: {@link Elections} (timeouts, pre-vote, votes, leases),
 * {@link LeaderReplication} (appends, commit, heartbeats, snapshots to followers, read index,
 * transfer) and {@link FollowerReplication} (the receiving side). This class holds the shared
 * state and the term rules that apply to every message.
 * <p>
 * Invariants (see {@link #invariants()}): {@code term >= lastTerm()}; a leader's {@code leaderId}
 * is itself; a candidate voted for itself; {@code votedFor} is NONE or a voter; plus those of
 * {@link RaftLog} and {@link Progress}.
 */
public final class RaftNode {
    /** "No node": no vote cast, no leader known. */
    public static final int NONE = 0;

    final RaftConfig config;
    final int id;
    final Random random;
    final RaftLog log;
    final ProgressTracker tracker;
    final Elections elections;
    final LeaderReplication leader;
    final FollowerReplication follower;
    final ReadIndexQueue readIndexQueue = new ReadIndexQueue();
    final SnapshotReceiver snapshotReceiver;

    /** Current term; persisted (HardState) before any message that depends on it leaves. */
    long term;
    /** Whom we voted for in {@code term}, NONE if nobody; persisted like {@code term}. */
    int votedFor;
    Role role = Role.FOLLOWER;
    /** The leader of {@code term} as far as we know; NONE if unknown. */
    int leaderId = NONE;
    /** Ticks since we last heard from a leader (follower) or since the last quorum check (leader). */
    int electionElapsedTicks;
    int heartbeatElapsedTicks;
    /** Drawn from [electionTimeoutTicks, 2 * electionTimeoutTicks) at every role change. */
    int randomizedElectionTimeoutTicks;
    /** Leader only: the node leadership is being handed to, NONE if no transfer runs. */
    int transfereeId = NONE;

    /** Messages, read states and snapshot chunks not handed out yet, and the recycled messages to fill. */
    private final Outbox outbox;
    private final EntryList readyEntries = new EntryList();
    private final EntryList readyCommittedEntries = new EntryList();
    private final EntryList takenCommittedEntries = new EntryList();
    /** The one Ready this node hands out, filled again by every {@code ready()}. */
    private final Ready ready = new Ready(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    /** The hard state of the last Ready advanced (or the one this node started from), field by field. */
    private long lastHardStateTerm;
    private int lastHardStateVotedFor;
    private long lastHardStateCommitIndex;
    private boolean readyOutstanding;

    /**
     * @param config    this node's tunables and bootstrap membership.
     * @param storage   the host's durable log (read-only for the core).
     * @param hardState what the host persisted last ({@link HardState#EMPTY} on first start).
     * @param random    the only source of randomness; seed it to replay.
     */
    public RaftNode(RaftConfig config, LogStorage storage, HardState hardState, Random random) {
        this(config, storage, hardState, random, RaftNode.class.desiredAssertionStatus());
    }

    /** As above, with the message pool's poisoning mode chosen rather than following assertions (see {@link MessagePool}). */
    RaftNode(RaftConfig config, LogStorage storage, HardState hardState, Random random, boolean poisonRecycledMessages) {
        this.outbox = new Outbox(poisonRecycledMessages);
        this.config = config;
        this.id = config.id();
        this.random = random;
        this.log = new RaftLog(storage, hardState.commitIndex());
        this.snapshotReceiver = new SnapshotReceiver(storage.partialSnapshot());
        Snapshot snapshot = storage.snapshot();
        Configuration membership = snapshot != null ? snapshot.meta().configuration() : config.configuration();
        this.tracker = new ProgressTracker(membership, config.maxInflightAppends(), config.maxInflightBytes());
        this.elections = new Elections(this);
        this.leader = new LeaderReplication(this);
        this.follower = new FollowerReplication(this);
        this.term = hardState.term();
        this.votedFor = hardState.votedFor();
        this.lastHardStateTerm = term;
        this.lastHardStateVotedFor = votedFor;
        this.lastHardStateCommitIndex = log.committedIndex();
        if (log.lastTerm() > term) {
            // Unsynced log writes may survive a crash that lost the hard state written after them
            // (a page cache flushes whatever it likes). The entry proves a leader of that term
            // existed, so we adopt its term; no vote in it was ever granted, because grants leave
            // only after the vote is durable, so voting afresh in it is safe.
            this.term = log.lastTerm();
            this.votedFor = NONE;
        }
        becomeFollower(term, NONE);
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick. */
    public void tick() {
        if (role == Role.LEADER) {
            leader.tick();
        } else {
            elections.tickFollower();
        }
    }

    /** Handles a message from a peer. Messages from non-members are dropped. */
    public void step(Message m) {
        if (m.to() != id || !tracker.configuration().isMember(m.from())) {
            return;
        }
        if (m.term() > term) {
            if (!stepHigherTerm(m)) {
                return;
            }
        } else if (m.term() < term) {
            stepLowerTerm(m);
            return;
        }
        switch (m.type()) {
            case PRE_VOTE, VOTE -> elections.handleVoteRequest(m);
            case PRE_VOTE_RESPONSE, VOTE_RESPONSE -> elections.handleVoteResponse(m);
            default -> {
                if (role == Role.LEADER) {
                    leader.step(m);
                } else {
                    follower.step(m);
                }
            }
        }
    }

    /** Asks the leader to replicate {@code data}; false when this node is not a leader or is handing leadership over. */
    public boolean propose(byte[] data) {
        return canPropose() && propose(new LogEntry(log.lastIndex() + 1, term, data));
    }

    /** Whether {@link #propose} would take an entry now: this node leads and is not handing leadership over. */
    public boolean canPropose() {
        return role == Role.LEADER && transfereeId == NONE;
    }

    /**
     * Asks the leader to replicate {@code entry}, which the host made at index {@link #lastIndex()} + 1 in the
     * current {@link #term()} (a view whose bytes it keeps while the core holds the entry unpersisted, so that it
     * need not allocate an array); false when {@link #canPropose()} is not.
     *
     * @throws IllegalArgumentException when this node could take it but it is not that entry.
     */
    public boolean propose(LogEntry entry) {
        if (!canPropose()) {
            return false;
        }
        if (entry.index() != log.lastIndex() + 1 || entry.term() != term) {
            throw new IllegalArgumentException("a proposal must be the next entry (index " + (log.lastIndex() + 1) +
                ") of the current term " + term + ", got " + entry.index() + "/" + entry.term());
        }
        leader.propose(entry);
        return true;
    }

    /**
     * The host could not hand {@code append}, an AppendEntries this node sent as leader, to its transport
     * (back pressure), and has sent no later AppendEntries to that peer since. The peer's progress forgets
     * the entries were sent, and a later output carries them again; without this the follower would wait
     * for a rejection or a heartbeat to reveal the gap. Anything else is ignored.
     */
    public void appendNotSent(Message append) {
        if (append.type() == MessageType.APPEND && append.from() == id && role == Role.LEADER && append.term() == term) {
            leader.appendNotSent(append.to(), append.index());
        }
    }

    /**
     * Gives back a message this node handed out (in a Ready or from {@link #takeMessages()}) once the host has
     * sent, copied or dropped it; the node fills it again for a later message. The host must keep no reference
     * to it, nor to its entries list (see {@link Message}). Giving one back twice throws.
     */
    public void recycle(Message message) {
        outbox.recycle(message);
    }

    /** Starts an election now (as a timeout would), e.g. to bootstrap a test cluster. */
    public void campaign() {
        if (role != Role.LEADER) {
            elections.campaign(config.preVote(), false);
        }
    }

    /** Requests a linearizable read; answered by a {@link ReadState} in a later Ready. False when not leader. */
    public boolean readIndex(long context) {
        return role == Role.LEADER && leader.readIndex(context);
    }

    /**
     * The host wrote every byte of a snapshot received from the leader (the chunk that
     * {@link SnapshotChunk#completes() completes} it was in a Ready) and checked the whole file. If
     * {@code intact}, the core restores it unless its log already holds the snapshot's last entry (then
     * that entry is simply committed and the entries after it kept, Raft's rule); if not, the host has
     * discarded the file and the transfer starts over from byte 0.
     *
     * @return whether a later {@link Ready#snapshot()} hands this snapshot back to install. When false
     *         the host keeps the file only if its log already holds the snapshot's last entry.
     */
    public boolean incomingSnapshotVerified(Snapshot snapshot, boolean intact) {
        if (!snapshotReceiver.awaitingVerification(snapshot)) {
            return false;
        }
        snapshotReceiver.reset();
        return follower.snapshotVerified(snapshot, intact);
    }

    /** Leader only: hands leadership to {@code targetId} once its log is caught up (TimeoutNow). */
    public boolean transferLeadership(int targetId) {
        return role == Role.LEADER && leader.transferLeadership(targetId);
    }

    // ---------------------------------------------------------------- term rules

    /** A message from a newer term: ignore, or adopt the term. Returns whether to keep processing. */
    private boolean stepHigherTerm(Message m) {
        if (m.type().isVoteRequest()) {
            boolean forced = m.context() == Message.CONTEXT_TRANSFER;
            boolean inLease = config.checkQuorum() && leaderId != NONE && electionElapsedTicks < config.electionTimeoutTicks();
            if (inLease && !forced) {
                // Leader lease: we heard from a live leader within the election timeout, so this
                // candidate is partitioned or disruptive; ignoring it keeps the cluster stable.
                return false;
            }
        }
        if (m.type() == MessageType.PRE_VOTE) {
            return true; // a pre-vote never changes our term
        }
        if (m.type() == MessageType.PRE_VOTE_RESPONSE && !m.reject()) {
            return true; // granted pre-votes carry the proposed term, not the voter's
        }
        boolean fromLeader = m.type() == MessageType.APPEND || m.type() == MessageType.HEARTBEAT || m.type() == MessageType.INSTALL_SNAPSHOT;
        becomeFollower(m.term(), fromLeader ? m.from() : NONE);
        return true;
    }

    private void stepLowerTerm(Message m) {
        boolean fromStaleLeader = m.type() == MessageType.APPEND || m.type() == MessageType.HEARTBEAT;
        if ((config.checkQuorum() || config.preVote()) && fromStaleLeader) {
            // A stale leader (e.g. one that was partitioned) learns the newer term from this reply
            // and steps down; without it, with pre-vote on, it could stay leader forever.
            send(message().asAppendResponse(id, m.from(), term, 0, false, 0, 0), false);
        } else if (m.type() == MessageType.PRE_VOTE) {
            send(message().asSimple(MessageType.PRE_VOTE_RESPONSE, id, m.from(), term, true), false);
        }
    }

    // ---------------------------------------------------------------- role changes

    void becomeFollower(long newTerm, int newLeaderId) {
        resetForTerm(newTerm);
        role = Role.FOLLOWER;
        leaderId = newLeaderId;
    }

    void becomePreCandidate() {
        // Not a term change: a pre-candidate keeps its term and vote, so it disrupts nobody.
        role = Role.PRE_CANDIDATE;
        leaderId = NONE;
        tracker.resetVotes();
        electionElapsedTicks = 0;
        randomizeElectionTimeout();
    }

    void becomeCandidate() {
        resetForTerm(term + 1);
        role = Role.CANDIDATE;
        votedFor = id;
    }

    void becomeLeader() {
        resetForTerm(term);
        role = Role.LEADER;
        leaderId = id;
        tracker.resetForLeader(log.lastIndex());
        Progress self = tracker.get(id);
        self.becomeReplicate();
        self.maybeUpdate(log.stableLastIndex());
        self.recentActive = true;
        // A leader may only commit entries of its own term by counting replicas (Raft 5.4.2), so it
        // appends an empty one at once: committing it commits everything before it.
        log.append(LogEntry.noOp(log.lastIndex() + 1, term));
    }

    private void resetForTerm(long newTerm) {
        if (newTerm != term) {
            term = newTerm;
            votedFor = NONE;
        }
        leaderId = NONE;
        electionElapsedTicks = 0;
        heartbeatElapsedTicks = 0;
        randomizeElectionTimeout();
        transfereeId = NONE;
        tracker.resetVotes();
        readIndexQueue.clear();
        leader.reset();
    }

    private void randomizeElectionTimeout() {
        randomizedElectionTimeoutTicks = config.electionTimeoutTicks() + random.nextInt(config.electionTimeoutTicks());
    }

    boolean promotable() {
        return tracker.configuration().isVoter(id);
    }

    // ---------------------------------------------------------------- output

    /** Queues a message; {@code afterPersist} ones leave only once this Ready's state is durable (see {@link Outbox#send}). */
    void send(Message m, boolean afterPersist) {
        outbox.send(m, afterPersist);
    }

    /** A message to fill with one of its {@code as...} setters and {@link #send}, reused if the host gave one back. */
    Message message() {
        return outbox.message();
    }

    void addSnapshotChunk(SnapshotChunk chunk) {
        outbox.addSnapshotChunk(chunk);
    }

    void addReadState(ReadState readState) {
        outbox.addReadState(readState);
    }

    List<ReadState> readStatesSink() {
        return outbox.readStatesSink();
    }

    public boolean hasReady() {
        if (readyOutstanding) {
            return false;
        }
        return !outbox.isEmpty() || log.unstable().hasEntries() || log.unstable().snapshot() != null
            || hardStateChanged() || log.hasNextCommittedEntries();
    }

    /**
     * Collects pending work. Call {@link #advance(Ready)} before the next {@code ready()}. The Ready returned is
     * the same object every time: it and its lists hold this batch until the next {@code ready()}.
     */
    public Ready ready() {
        if (readyOutstanding) {
            throw new IllegalStateException("node " + id + ": ready() called again before advance()");
        }
        readyOutstanding = true;
        leader.flushProposals();
        readyEntries.clear();
        log.unstable().copyEntriesTo(readyEntries);
        readyCommittedEntries.clear();
        log.nextCommittedEntries(config.maxApplyBytesPerReady(), readyCommittedEntries);
        outbox.handOut(ready, log.unstable().snapshot(), readyEntries, readyCommittedEntries);
        if (hardStateChanged()) {
            ready.fillHardState(term, votedFor, log.committedIndex());
        }
        return ready;
    }

    /**
     * Messages that may leave now, outside a Ready: the {@link Ready#messages()} collected since the last
     * {@code ready()} or {@code takeMessages()}, including AppendEntries for entries proposed since. None
     * of them depends on anything being persisted, so a host may send them while a Ready's persistence
     * is in progress: a leader's followers then write new entries while the leader forces its own.
     * Messages that must wait for persistence stay for the next Ready. Never null. The list is the node's,
     * valid until the next {@code takeMessages()}; the messages in it are the host's to send and recycle.
     */
    public List<Message> takeMessages() {
        leader.flushProposals();
        return outbox.takeMessages();
    }

    /**
     * Committed entries this node has persisted and not yet handed out, to apply now, in order: after the
     * {@link Ready#committedEntries()} of every Ready handed out before (a host that calls this applies those
     * as soon as it gets them). The core counts them applied at once. A host calls it while a Ready's
     * persistence is in progress, so that entries a quorum acknowledged meanwhile are applied, and their
     * clients answered, without waiting for that force. At most {@code maxApplyBytesPerReady} (one entry
     * at least); never null. The list is the node's, valid until the next {@code takeCommittedEntries()}.
     */
    public List<LogEntry> takeCommittedEntries() {
        EntryList committed = takenCommittedEntries;
        committed.clear();
        log.nextCommittedEntries(config.maxApplyBytesPerReady(), committed);
        if (!committed.isEmpty()) {
            log.appliedTo(committed.get(committed.size() - 1).index());
        }
        return committed;
    }

    /** The host has persisted, sent and applied everything in {@code ready}. */
    public void advance(Ready ready) {
        if (!readyOutstanding) {
            throw new IllegalStateException("node " + id + ": advance() without an outstanding ready()");
        }
        readyOutstanding = false;
        if (ready.hasHardState()) {
            lastHardStateTerm = ready.hardStateTerm();
            lastHardStateVotedFor = ready.hardStateVotedFor();
            lastHardStateCommitIndex = ready.hardStateCommitIndex();
        }
        if (ready.snapshot() != null) {
            log.snapshotPersisted(ready.snapshot().index());
        }
        if (!ready.entries().isEmpty()) {
            LogEntry last = ready.entries().get(ready.entries().size() - 1);
            log.unstable().stableTo(last.index(), last.term());
            if (role == Role.LEADER) {
                leader.selfPersisted(log.stableLastIndex());
            }
        }
        if (!ready.committedEntries().isEmpty()) {
            log.appliedTo(ready.committedEntries().get(ready.committedEntries().size() - 1).index());
        }
    }

    /** Compares field by field: hasReady() runs after every input and should not allocate. */
    private boolean hardStateChanged() {
        return term != lastHardStateTerm || votedFor != lastHardStateVotedFor || log.committedIndex() != lastHardStateCommitIndex;
    }

    // ---------------------------------------------------------------- status and invariants

    public int id() {
        return id;
    }

    public long term() {
        return term;
    }

    public int votedFor() {
        return votedFor;
    }

    public Role role() {
        return role;
    }

    public int leaderId() {
        return leaderId;
    }

    public long commitIndex() {
        return log.committedIndex();
    }

    public long appliedIndex() {
        return log.appliedIndex();
    }

    public long firstIndex() {
        return log.firstIndex();
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    public long lastTerm() {
        return log.lastTerm();
    }

    /** Term of the entry at {@code index} as this node sees it (stable or not), -1 if unavailable. */
    public long termAt(long index) {
        return log.term(index);
    }

    /**
     * First index whose entry the host has not persisted: every entry the core holds for the host to persist is
     * at or after it (a host that keeps received entries' bytes for the core may free those of entries below).
     */
    public long firstUnpersistedIndex() {
        return log.unstable().offset();
    }

    /** Whether the core holds this very entry (not an equal one) for the host to persist. */
    public boolean holdsUnpersisted(LogEntry entry) {
        return log.unstable().holds(entry);
    }

    /** Entry at {@code index} as this node sees it, for {@code firstIndex() <= index <= lastIndex()}. */
    public LogEntry entryAt(long index) {
        return log.entry(index);
    }

    public Configuration configuration() {
        return tracker.configuration();
    }

    /** Leader only: a readable description of each replica's progress, sorted by id. */
    public String progressDescription() {
        if (role != Role.LEADER) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        tracker.all().forEach((peerId, pr) -> out.append(peerId).append(": ").append(pr).append('\n'));
        return out.toString();
    }

    /** Checks every state invariant; throws {@link IllegalStateException} naming the broken one. */
    public void invariants() {
        log.checkInvariants();
        outbox.checkInvariants(id);
        snapshotReceiver.checkInvariants(id);
        if (term < log.lastTerm()) {
            throw new IllegalStateException("node " + id + ": term " + term + " below last log term " + log.lastTerm());
        }
        if (role == Role.LEADER && (leaderId != id || votedFor != id)) {
            throw new IllegalStateException("node " + id + ": leader of term " + term + " but leaderId " + leaderId + " vote " + votedFor);
        }
        if (role == Role.CANDIDATE && votedFor != id) {
            throw new IllegalStateException("node " + id + ": candidate in term " + term + " voted for " + votedFor);
        }
        if (votedFor != NONE && !tracker.configuration().isVoter(votedFor)) {
            throw new IllegalStateException("node " + id + ": voted for non-voter " + votedFor);
        }
        if (role == Role.LEADER) {
            long lastIndex = log.lastIndex();
            tracker.all().forEach((peerId, pr) -> pr.checkInvariants(peerId, lastIndex));
        }
    }

    @Override
    public String toString() {
        return "node " + id + " " + role + " term=" + term + " vote=" + votedFor + " leader=" + leaderId
            + " commit=" + log.committedIndex() + " applied=" + log.appliedIndex() + " last=" + log.lastTerm() + "/" + log.lastIndex();
    }
}

package io.replog.replication.node;

import io.replog.replication.StateMachine;
import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Ready;
import io.replog.replication.raft.Role;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotChunk;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.replication.transport.MessageHandler;
import io.replog.replication.transport.Transport;
import io.replog.snapshot.SnapshotInfo;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.Storage;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The duty cycle of one node, on one thread: poll the transport and step the Raft core, take
 * requests from application threads, tick from the clock, send what the core lets leave at once, and
 * drain each {@link Ready} in the order it prescribes — apply its committed entries, write its entries
 * into the log, send, and (under {@link SyncPolicy#BATCH}) leave the force to the log's group-commit
 * thread while this one goes on; once the log's durable index covers the Ready, send what needed the
 * force, answer reads and advance. Snapshots are written on another thread and compact the log when durable.
 */
final class NodeAgent implements Agent {
    private static final int FRAGMENT_LIMIT = 64;
    private static final int REQUEST_LIMIT = 1024;
    private static final byte[] NO_RESULT = new byte[0];
    /** A force the log's group-commit thread has not finished in this long is forced on this thread. */
    private static final long STALLED_FORCE_NS = 1_000_000_000L;

    private final NodeConfig config;
    private final RaftNode raft;
    private final NodeLogStorage log;
    private final WriteAheadLog wal;
    private final Transport transport;
    private final StateMachine stateMachine;
    private final NodeSnapshots snapshots;
    private final Storage nodeDirectory;
    private final NodeState state;
    private final ManyToOneConcurrentArrayQueue<NodeRequest> requests;
    private final OneToOneConcurrentArrayQueue<Runnable> completions = new OneToOneConcurrentArrayQueue<>(16);
    private final MessageSender sender;
    private final NodeService service;
    private final NodeCounters counters;
    private final NodeWakeup wakeup;
    private final IncomingSnapshot incoming;
    private final NodeContext context;
    /** Made once: a method reference passed on every poll would be a new object every duty cycle. */
    private final MessageHandler messageHandler = this::onMessage;
    private final RaftMessageCodec codec = new RaftMessageCodec();
    /** Every incoming frame is decoded into this one; the core keeps no reference to a message it steps. */
    private final Message received = new Message();
    /** Where decoded entries and appended commands live until persisted and applied: no array per entry. */
    private final EntryArena arena;
    private final Appenders appenders;
    private final ManyToOneRingBuffer appendBuffer;
    private final org.agrona.concurrent.MessageHandler appendHandler = this::onAppend;
    private final PendingRequests pending;
    private final CommittedReaders readers;
    private final UnsafeBuffer commandView = new UnsafeBuffer(new byte[0]);
    private final long tickNs;
    private long nextTickNs;
    private long lastSnapshotIndex;
    private HardState persisted;
    private Role observedRole = Role.FOLLOWER;
    private long observedTerm = -1;
    /** The Ready whose entries are written and not yet known durable (null if none); the core waits for it. */
    private Ready persisting;
    /** The last entry of {@link #persisting}: durable once the log's durable index reaches it. */
    private long persistingIndex;
    private long persistingSinceNs;
    /** A received snapshot, checked and renamed into the store, that the core hands back to install. */
    private SnapshotInfo verifiedIncoming;

    NodeAgent(NodeConfig config, RaftNode raft, NodeLogStorage log, Transport transport, StateMachine stateMachine,
              NodeSnapshots snapshots, Storage nodeDirectory, NodeState state,
              ManyToOneConcurrentArrayQueue<NodeRequest> requests, HardState persisted, NodeService service,
              NodeCounters counters, NodeWakeup wakeup, Appenders appenders) {
        this.config = config;
        this.raft = raft;
        this.log = log;
        this.wal = log.wal();
        this.transport = transport;
        this.stateMachine = stateMachine;
        this.snapshots = snapshots;
        this.nodeDirectory = nodeDirectory;
        this.state = state;
        this.requests = requests;
        this.sender = new MessageSender(transport, counters);
        this.counters = counters;
        this.incoming = snapshots.incoming();
        this.readers = new CommittedReaders(config.id(), log);
        this.tickNs = config.tickMs() * 1_000_000L;
        this.nextTickNs = System.nanoTime() + tickNs;
        this.persisted = persisted;
        this.lastSnapshotIndex = log.snapshotIndex();
        this.service = service;
        this.wakeup = wakeup;
        this.arena = new EntryArena(config.entryArenaBytes(), counters, log);
        this.appenders = appenders;
        this.appendBuffer = appenders.buffer();
        this.pending = new PendingRequests(appenders);
        this.context = new ServiceContext(config, raft, state, pending, log, snapshots, this::notLeader);
    }

    @Override
    public void onStart() {
        wakeup.nodeThread(Thread.currentThread());
    }

    @Override
    public String roleName() {
        return "replog-node-" + config.id();
    }

    @Override
    public int doWork() {
        try {
            int work = transport.poll(messageHandler, FRAGMENT_LIMIT);
            work += drainRequests();
            work += drainAppends();
            work += tick();
            work += drainReady();
            work += readers.serve(state.appliedIndex());
            work += drainCompletions();
            if (service != null) {
                observeRole();
                work += service.doWork(context);
            }
            return work;
        } catch (IOException | RuntimeException e) {
            state.fail(e);
            failPending(new NotCommittedException("node " + config.id() + " stopped: " + e.getMessage()));
            throw new AgentTerminationException(e);
        }
    }

    private void onMessage(int senderId, int messageType, DirectBuffer buffer, int offset, int length) {
        if (messageType != MessageSender.RAFT_MESSAGE) {
            throw new RaftMessageCodec.MalformedMessageException("unknown message type " + messageType);
        }
        // Entries decoded into the arena are released when the core turns out not to keep them: a malformed
        // or foreign frame at once, an AppendEntries it rejected or already had after the step, the rest once persisted
        // and applied (see drainReady).
        arena.beginMessage();
        Message message;
        try {
            message = codec.decode(buffer, offset, length, received, arena);
            if (message.from() != senderId) {
                throw new RaftMessageCodec.MalformedMessageException("message claims to come from " + message.from() +
                    " but was sent by " + senderId);
            }
        } catch (RuntimeException e) {
            arena.abortMessage();
            throw e;
        }
        List<LogEntry> entries = message.entries();
        LogEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        raft.step(message);
        arena.endMessage(last == null || !raft.holdsUnpersisted(last) ? 0 : last.index());
    }

    private int drainRequests() {
        int count = 0;
        NodeRequest request;
        while (count < REQUEST_LIMIT && (request = requests.poll()) != null) {
            count++;
            if (request instanceof NodeRequest.Append append) {
                if (raft.propose(append.command())) {
                    pending.append(raft.lastIndex(), raft.term(), append.result());
                } else {
                    append.result().completeExceptionally(notLeader());
                }
            } else if (request instanceof NodeRequest.ReadIndex read) {
                long context = pending.nextReadContext();
                if (raft.readIndex(context)) {
                    pending.read(context, read.result());
                } else {
                    read.result().completeExceptionally(notLeader());
                }
            } else if (request instanceof NodeRequest.TransferLeadership transfer) {
                if (raft.transferLeadership(transfer.targetId())) {
                    transfer.result().complete(null);
                } else {
                    transfer.result().completeExceptionally(notLeader());
                }
            } else if (request instanceof NodeRequest.TakeSnapshot snapshot) {
                takeSnapshot(snapshot.result());
            } else if (request instanceof NodeRequest.OpenReader open) {
                readers.add(open.reader());
            }
        }
        return count;
    }

    /** Hands the commands appenders wrote to the core, copied into the arena as one batch (see onMessage). */
    private int drainAppends() {
        arena.beginMessage();
        long lastIndex = raft.lastIndex();
        int count = appendBuffer.read(appendHandler, REQUEST_LIMIT);
        arena.endMessage(raft.lastIndex() > lastIndex ? raft.lastIndex() : 0);
        return count;
    }

    private void onAppend(int appenderId, MutableDirectBuffer buffer, int offset, int length) {
        long correlationId = buffer.getLong(offset);
        if (!raft.canPropose()) {
            appenders.failed(appenderId, correlationId, notLeader());
            return;
        }
        long index = raft.lastIndex() + 1;
        long term = raft.term();
        raft.propose(arena.entry(index, term, buffer, offset + Appender.HEADER_BYTES, length - Appender.HEADER_BYTES));
        pending.append(index, term, appenderId, correlationId);
    }

    private NotLeaderException notLeader() {
        int leaderId = raft.leaderId();
        return new NotLeaderException(config.id(), leaderId, config.members().get(leaderId));
    }

    private int tick() {
        long nowNs = System.nanoTime();
        if (nowNs - nextTickNs < 0) {
            return 0;
        }
        raft.tick();
        // After a long pause, do not replay every missed tick at once: one tick per period from now.
        nextTickNs = Math.max(nextTickNs + tickNs, nowNs - tickNs);
        return 1;
    }

    /**
     * Sends what may leave now, finishes the Ready being persisted once the log's group-commit thread made
     * it durable, and starts the next: its entries are written into the mapped log and its messages sent
     * (a leader's AppendEntries, so followers write while it forces), and under {@link SyncPolicy#BATCH}
     * the force is left to the log's syncer while this thread goes on polling, stepping and proposing.
     * Whatever arrives meanwhile lands in the next Ready: group commit. Everything that promises
     * durability (after-persist messages, answering reads, {@code advance}) waits for the force; committed
     * entries were persisted before, so they apply at once, and those a quorum acknowledges meanwhile too.
     */
    private int drainReady() throws IOException {
        int work = sender.send(raft.takeMessages(), raft);
        // Here, with no message built and unsent (one may hold views of the arena or of the log), entries persisted and
        // applied give their space back, and views read back from the log are free to stand for other entries.
        arena.release(Math.min(raft.firstUnpersistedIndex(), state.appliedIndex() + 1));
        log.releaseLogViews();
        if (persisting != null) {
            observeRole(); // a role change stepped meanwhile reaches the service before anything more is applied
            work += apply(raft.takeCommittedEntries());
            if (!persisted()) {
                return work;
            }
            Ready durable = persisting;
            persisting = null;
            finishReady(durable);
            work++;
        }
        if (!raft.hasReady()) {
            return work;
        }
        Ready ready = raft.ready();
        observeRole();
        // Persisted before this Ready, so applied now, not after its force.
        apply(ready.committedEntries());
        for (int i = 0; i < ready.snapshotChunks().size(); i++) {
            incoming.write(ready.snapshotChunks().get(i));
        }
        if (ready.snapshot() != null) {
            installSnapshot(ready.snapshot());
        }
        if (!ready.entries().isEmpty()) {
            persistEntries(ready.entries());
        }
        persistHardState(ready);
        sender.send(ready.messages(), raft);
        if (!ready.snapshotChunks().isEmpty() && config.syncPolicy() != SyncPolicy.NONE) {
            incoming.force();
        }
        if (!ready.entries().isEmpty() && config.syncPolicy() == SyncPolicy.BATCH) {
            persisting = ready;
            persistingIndex = ready.entries().get(ready.entries().size() - 1).index();
            persistingSinceNs = System.nanoTime();
            if (!persisted()) {
                return work + 1;
            }
            persisting = null;
        }
        finishReady(ready);
        return work + 1;
    }

    /**
     * Whether the log's group-commit thread has made the Ready being persisted durable. A syncer that has
     * made no progress for {@link #STALLED_FORCE_NS} may have failed (a failed log advances nothing and
     * tells only the appending thread, on its next call): force here, which throws if the log failed.
     */
    private boolean persisted() throws IOException {
        if (wal.durableIndex() >= persistingIndex) {
            return true;
        }
        if (System.nanoTime() - persistingSinceNs < STALLED_FORCE_NS) {
            return false;
        }
        persistingSinceNs = System.nanoTime();
        return wal.sync() >= persistingIndex;
    }

    /** The Ready is durable: what promised it may leave, reads are answered, the core hears of it. */
    private void finishReady(Ready ready) throws IOException {
        sender.send(ready.messagesAfterPersist(), raft);
        pending.confirmed(ready.readStates());
        pending.answerReads(state.appliedIndex());
        raft.advance(ready);
        SnapshotChunk completed = ready.completedSnapshotChunk();
        if (completed != null) {
            finishIncoming(completed.snapshot());
        }
        state.publish(raft, config.id());
        state.logFirstIndex(wal.firstIndex());
        maybeSnapshot();
    }

    /** Tells the service about a new role or term before anything of the Ready that revealed it is applied. */
    private void observeRole() {
        if (service != null && (raft.role() != observedRole || raft.term() != observedTerm)) {
            observedRole = raft.role();
            observedTerm = raft.term();
            service.onRoleChange(context, observedRole, observedTerm);
        }
    }

    private void persistEntries(List<LogEntry> entries) throws IOException {
        long first = entries.get(0).index();
        if (first <= wal.lastIndex()) {
            pending.replacedFrom(first);
        }
        log.write(entries);
    }

    /** Term and vote reach the disk before any message that depends on them; the commit index is a hint. */
    private void persistHardState(Ready ready) throws IOException {
        // Read field by field: the commit index changes with nearly every Ready, and is not written here.
        if (!ready.hasHardState() || (ready.hardStateTerm() == persisted.term() && ready.hardStateVotedFor() == persisted.votedFor())) {
            return;
        }
        HardState hardState = ready.hardState();
        RaftStateFile.write(nodeDirectory, new RaftStateFile.State(hardState.term(), hardState.votedFor(),
            hardState.commitIndex()));
        persisted = hardState;
    }

    private void installSnapshot(Snapshot snapshot) throws IOException {
        SnapshotInfo info = verifiedIncoming;
        verifiedIncoming = null;
        if (info == null || info.lastIncludedIndex() != snapshot.index() || info.lastIncludedTerm() != snapshot.term()) {
            throw new IllegalStateException("node " + config.id() + " is asked to install " + snapshot + " but holds " +
                (info == null ? "no received snapshot" : info.fileName()));
        }
        snapshots.install(info.fileName(), stateMachine);
        log.forgetAll();
        wal.reset(snapshot.index() + 1, snapshot.term());
        log.snapshot(snapshot, info.fileName());
        lastSnapshotIndex = snapshot.index();
        state.applied(snapshot.index());
        counters.snapshotsInstalled++;
        pending.replacedFrom(0);
    }

    /**
     * Every byte of a snapshot from the leader is written: check it, make it a snapshot of the store and
     * tell the core. One the core does not install (its log already holds the last entry) is kept as this
     * node's snapshot if it is newer and applied, else deleted.
     */
    private void finishIncoming(Snapshot snapshot) throws IOException {
        SnapshotInfo info = incoming.finish(snapshot);
        boolean install = raft.incomingSnapshotVerified(snapshot, info != null);
        if (info == null) {
            return;
        }
        if (install) {
            verifiedIncoming = info;
        } else if (snapshot.index() > log.snapshotIndex() && snapshot.index() <= state.appliedIndex() &&
            snapshot.index() >= wal.firstIndex() - 1 && raft.termAt(snapshot.index()) == snapshot.term()) {
            log.snapshot(snapshot, info.fileName());
            lastSnapshotIndex = snapshot.index();
        } else {
            snapshots.discard(info.fileName());
        }
    }

    /** Applies committed entries in order and completes their appends. @return how many. */
    private int apply(List<LogEntry> committed) {
        if (!committed.isEmpty()) {
            state.committed(raft.commitIndex());
        }
        for (int i = 0; i < committed.size(); i++) {
            LogEntry entry = committed.get(i);
            byte[] result = NO_RESULT;
            if (entry.sizeBytes() > 0) {
                result = stateMachine.apply(entry.index(), entry.wrapPayload(commandView), 0, entry.sizeBytes());
            }
            state.applied(entry.index());
            pending.applied(entry.index(), entry.term(), result);
        }
        return committed.size();
    }

    private void maybeSnapshot() {
        if (state.appliedIndex() - lastSnapshotIndex >= config.snapshotEveryEntries() && !snapshots.inProgress()) {
            takeSnapshot(new CompletableFuture<>());
        }
    }

    /** Snapshots the applied state on the snapshot thread; {@code done} completes once the log is compacted. */
    private void takeSnapshot(CompletableFuture<Long> done) {
        long applied = state.appliedIndex();
        if (applied <= log.snapshotIndex()) {
            done.complete(log.snapshotIndex());
            return;
        }
        StateMachine.SnapshotView view = stateMachine.snapshot();
        if (view == null) {
            done.completeExceptionally(new IllegalStateException("the state machine of node " + config.id() +
                " holds state beyond the applied index " + applied + " and cannot be snapshotted now; try again"));
            return;
        }
        SnapshotMeta meta = new SnapshotMeta(applied, raft.termAt(applied), raft.configuration());
        boolean started = snapshots.take(meta, view).map(future -> {
            lastSnapshotIndex = applied;
            future.whenComplete((info, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else if (!completions.offer(() -> {
                    compactAfter(meta, info);
                    done.complete(meta.index());
                    // Entries applied while this one was written start the next now: an idle node sees no Ready.
                    maybeSnapshot();
                })) {
                    done.completeExceptionally(new IllegalStateException("node " + config.id() + " is stopping"));
                } else {
                    wakeup.wake(); // the node's thread may sleep until a datagram: the compaction waits for it
                }
            });
            return true;
        }).orElse(false);
        if (!started) {
            done.completeExceptionally(new IllegalStateException("a snapshot of node " + config.id() +
                " is already being written; try again when it is done"));
        }
    }

    /** On the node's thread, once a snapshot is durable: the core serves it, the log drops what it covers. */
    private void compactAfter(SnapshotMeta meta, SnapshotInfo info) {
        if (meta.index() <= log.snapshotIndex()) {
            return; // a snapshot received from the leader meanwhile is newer
        }
        log.snapshot(new Snapshot(meta, info.fileLengthBytes(), info.trailer().fileCrc() & 0xFFFF_FFFFL), info.fileName());
        // Messages the core built read their entries as views of the log: they leave before segments are deleted.
        sender.send(raft.takeMessages(), raft);
        try {
            state.logFirstIndex(wal.deleteBefore(Math.max(1, meta.index() - config.retainEntries() + 1)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("compacting the log behind snapshot " + info.fileName(), e);
        }
    }

    private int drainCompletions() {
        int count = 0;
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
            count++;
        }
        return count;
    }

    void failPending(RuntimeException cause) {
        pending.failAll(cause);
        appenders.stop(cause);
        NodeRequest request;
        while ((request = requests.poll()) != null) {
            if (request instanceof NodeRequest.Append append) {
                append.result().completeExceptionally(cause);
            } else if (request instanceof NodeRequest.ReadIndex read) {
                read.result().completeExceptionally(cause);
            } else if (request instanceof NodeRequest.TransferLeadership transfer) {
                transfer.result().completeExceptionally(cause);
            } else if (request instanceof NodeRequest.TakeSnapshot snapshot) {
                snapshot.result().completeExceptionally(cause);
            } else if (request instanceof NodeRequest.OpenReader open) {
                open.reader().fail(new IllegalStateException("node " + config.id() + " stopped: " + cause.getMessage(), cause));
            }
        }
        readers.failAll(new IllegalStateException("node " + config.id() + " stopped: " + cause.getMessage(), cause));
    }

    /** Clean stop: records the commit index hint so offline tools know what was committed. */
    @Override
    public void onClose() {
        if (service != null) {
            service.onClose();
        }
        failPending(new NotCommittedException("node " + config.id() + " closed before the entry committed"));
        log.closeFile();
        if (state.failure() == null && !state.halted()) {
            try {
                wal.sync();
                RaftStateFile.write(nodeDirectory, new RaftStateFile.State(raft.term(), raft.votedFor(),
                    raft.commitIndex()));
            } catch (IOException e) {
                state.fail(e);
            }
        }
    }

    Role role() {
        return raft.role();
    }
}

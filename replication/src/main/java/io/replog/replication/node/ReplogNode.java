package io.replog.replication.node;

import io.replog.replication.StateMachine;
import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.RaftConfig;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.PartialSnapshot;
import io.replog.replication.raft.Role;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.transport.AeronTransport;
import io.replog.replication.transport.Transport;
import io.replog.replication.transport.TransportConfig;
import io.replog.replication.transport.TransportCounters;
import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.SnapshotStore;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.FileStorage;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.IOException;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * One replog node: a Raft member that keeps its log in a memory-mapped WAL, replicates over Aeron
 * UDP and applies committed commands to the application's {@link StateMachine}.
 * <pre>{@code
 * ReplogNode node = ReplogNode.start(new NodeConfig().id(1).member(1, "10.0.0.1:9001")
 *     .member(2, "10.0.0.2:9001").member(3, "10.0.0.3:9001").directory(Path.of("data/node-1")), kv);
 * node.append(command).thenAccept(committed -> reply(committed.result()));
 * }</pre>
 * Everything runs on one thread per node; application threads hand it work through a bounded
 * queue, and futures complete on the node's thread (use the {@code *Async} variants for heavy work).
 */
public final class ReplogNode implements AutoCloseable {
    private final NodeConfig config;
    private final NodeState state;
    private final ManyToOneConcurrentArrayQueue<NodeRequest> requests;
    private final NodeWakeup wakeup;
    private final AgentRunner runner;
    private final Transport transport;
    private final TransportCounters transportCounters;
    private final NodeCounters counters;
    private final WriteAheadLog wal;
    private final NodeSnapshots snapshots;
    private final NodeAgent agent;
    private final Appenders appenders;

    private ReplogNode(NodeConfig config, NodeState state, ManyToOneConcurrentArrayQueue<NodeRequest> requests,
                       NodeAgent agent, Transport transport, WriteAheadLog wal, NodeSnapshots snapshots,
                       NodeCounters counters, NodeWakeup wakeup, Appenders appenders) {
        this.config = config;
        this.appenders = appenders;
        this.state = state;
        this.requests = requests;
        this.agent = agent;
        this.transport = transport;
        this.transportCounters = transport.counters();
        this.counters = counters;
        this.wal = wal;
        this.snapshots = snapshots;
        this.wakeup = wakeup;
        this.runner = new AgentRunner(new NodeIdleStrategy(transport.readiness()), state::fail, null, agent);
    }

    /** Opens (or creates) the node directory, recovers, joins the cluster and starts the node's thread. */
    public static ReplogNode start(NodeConfig config, StateMachine stateMachine) throws IOException {
        return start(config, stateMachine, null);
    }

    /**
     * As {@link #start(NodeConfig, StateMachine)}, with a {@link NodeService} that runs on the node's thread
     * (the primary-backup layer is one); {@code service} may be null.
     */
    public static ReplogNode start(NodeConfig config, StateMachine stateMachine, NodeService service)
        throws IOException {
        config.validate();
        NodeDirectory directory = NodeDirectory.of(config.directory());
        FileStorage nodeStorage = new FileStorage(config.directory());
        nodeStorage.createDirectory();
        RaftStateFile.State raftState = RaftStateFile.read(nodeStorage);
        Configuration membership = new Configuration(new TreeSet<>(config.members().keySet()), new TreeSet<>());
        NodeCounters counters = new NodeCounters();
        NodeSnapshots snapshots = new NodeSnapshots(new SnapshotStore(directory.snapshotStorage()),
            config.directory().resolve(NodeDirectory.SNAPSHOTS_DIRECTORY), config.members(), counters);
        WriteAheadLog wal = null;
        Transport transport = null;
        NodeWakeup wakeup = new NodeWakeup();
        try {
            PartialSnapshot partial = snapshots.incoming().recover(membership);
            Optional<NodeSnapshots.Loaded> loaded = snapshots.restoreNewest(stateMachine, membership);
            // BATCH: the log's group-commit thread forces while the node's thread goes on; the node waits for
            // its durable index before anything that promises durability, and the listener wakes it then.
            // ALWAYS: each Ready's entries are forced as they are written; NONE: nothing is forced.
            wal = WriteAheadLog.open(directory.logStorage(), new WalConfig()
                .segmentLengthBytes(config.segmentLengthBytes())
                .reserveSpace(config.reserveLogSpace())
                .syncPolicy(config.syncPolicy())
                .durabilityListener(wakeup));
            reconcile(config, wal, loaded.map(NodeSnapshots.Loaded::snapshot).orElse(null));
            NodeLogStorage log = new NodeLogStorage(wal, snapshots, loaded.map(NodeSnapshots.Loaded::snapshot).orElse(null),
                loaded.map(NodeSnapshots.Loaded::fileName).orElse(null), partial);
            transport = config.transportDecorator().apply(new AeronTransport(transportConfig(config)));
            wakeup.readiness(transport.readiness());
            RaftNode raft = new RaftNode(raftConfig(config, membership, transport.maxMessageLengthBytes()), log,
                new HardState(raftState.term(), raftState.votedFor(), raftState.commitIndexHint()),
                new Random(System.nanoTime() ^ config.id()));
            NodeState state = new NodeState();
            state.committed(log.snapshotIndex());
            state.applied(log.snapshotIndex());
            ManyToOneConcurrentArrayQueue<NodeRequest> requests =
                new ManyToOneConcurrentArrayQueue<>(config.proposalQueueCapacity());
            HardState persisted = new HardState(raftState.term(), raftState.votedFor(), raftState.commitIndexHint());
            Appenders appenders = new Appenders(config.id(), config.appendBufferBytes(), counters);
            NodeAgent agent = new NodeAgent(config, raft, log, transport, stateMachine, snapshots, nodeStorage, state,
                requests, persisted, service, counters, wakeup, appenders);
            ReplogNode node = new ReplogNode(config, state, requests, agent, transport, wal, snapshots, counters, wakeup,
                appenders);
            AgentRunner.startOnThread(node.runner);
            return node;
        } catch (IOException | RuntimeException e) {
            CloseHelper.quietCloseAll(transport, snapshots);
            if (wal != null) {
                wal.close();
            }
            throw e;
        }
    }

    /**
     * Makes the log continue the snapshot: a log that does not hold the snapshot's last entry (the node
     * stopped between receiving a snapshot and resetting its log, or its log is behind) is reset to start
     * after it; a log that starts beyond it has lost entries no snapshot covers.
     */
    private static void reconcile(NodeConfig config, WriteAheadLog wal, Snapshot snapshot) throws IOException {
        long snapshotIndex = snapshot == null ? 0 : snapshot.index();
        if (wal.firstIndex() > snapshotIndex + 1) {
            throw new IOException("the log of node " + config.id() + " in " + config.directory() + " starts at index " +
                wal.firstIndex() + " but " + (snapshot == null ? "no valid snapshot" : "the newest valid snapshot (index " +
                snapshotIndex + ")") + " covers the entries before it; run `replog snapshot verify` on the node directory");
        }
        if (snapshot != null && (wal.lastIndex() < snapshotIndex || wal.termAt(snapshotIndex) != snapshot.term())) {
            wal.reset(snapshotIndex + 1, snapshot.term());
        }
    }

    private static TransportConfig transportConfig(NodeConfig config) {
        TransportConfig transport = new TransportConfig().clusterId(config.clusterId()).selfId(config.id())
            .termLengthBytes(config.termLengthBytes()).mtuBytes(config.mtuBytes()).embeddedDriver(config.embeddedDriver());
        config.members().forEach(transport::member);
        if (config.aeronDirectory() != null) {
            transport.aeronDirectory(config.aeronDirectory());
        }
        return transport;
    }

    static RaftConfig raftConfig(NodeConfig config, Configuration membership, int maxMessageLengthBytes) {
        // An AppendEntries or snapshot chunk must fit in one transport message, headers included: payloads take at
        // most half, and the entries' own fields the rest (many tiny entries would not fit otherwise).
        int payloadBudget = maxMessageLengthBytes / 2;
        int maxEntries = Math.min(1024, (maxMessageLengthBytes - payloadBudget - RaftMessageCodec.FIXED_BYTES_MAX) /
            RaftMessageCodec.ENTRY_OVERHEAD_BYTES);
        // What a follower has not acknowledged stays within half of its publication's window (half a term), so
        // a leader never fills the publication with appends: with appends of one duty cycle batched, the count
        // of appends alone no longer bounds their bytes.
        long inflightBytes = Math.max(payloadBudget, config.termLengthBytes() / 4);
        int chunkBytes = Math.min(config.snapshotChunkBytes(), payloadBudget);
        long bytesPerTick = config.snapshotBytesPerSecond() == 0 ? 0 :
            Math.max(1, config.snapshotBytesPerSecond() * config.tickMs() / 1000);
        return RaftConfig.defaults(config.id(), membership)
            .withTimeouts(config.electionTimeoutTicks(), config.heartbeatIntervalTicks())
            .withFlowControl(maxEntries, payloadBudget, config.maxInflightAppends(), inflightBytes)
            .withSnapshotFlowControl(chunkBytes, Math.max(chunkBytes, config.snapshotInflightBytes()), bytesPerTick);
    }

    /**
     * Appends a command; the future completes once it is committed and applied on this node, with the
     * state machine's answer. Fails with {@link NotLeaderException} when this node is not the leader,
     * {@link NotCommittedException} when leadership changed and another entry took its index, and
     * {@link IllegalStateException} when the node's queue is full (back pressure) or it stopped.
     */
    public CompletableFuture<CommitResult> append(byte[] command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("commands must not be empty: an empty entry is a Raft no-op");
        }
        CompletableFuture<CommitResult> result = new CompletableFuture<>();
        offer(new NodeRequest.Append(command, result), result);
        return result;
    }

    /**
     * An appender whose commands end at {@code listener}: the way to append without allocating (see
     * {@link Appender}). Make one per listener and keep it; each node holds on to every appender made.
     */
    public Appender appender(AppendListener listener) {
        return new Appender(appenders, wakeup, appenders.add(java.util.Objects.requireNonNull(listener, "listener")));
    }

    /**
     * Confirms leadership with a quorum and returns a commit index: once this node has applied up to
     * it (the future completes only then), reads of the local state are linearizable.
     */
    public CompletableFuture<Long> readIndex() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        offer(new NodeRequest.ReadIndex(result), result);
        return result;
    }

    /**
     * A linearizable read: confirms leadership with a quorum (ReadIndex), waits until this node has
     * applied up to the confirmed commit index, then runs {@code query} on the node's thread — where
     * it may read the state machine safely, since nothing is applied meanwhile — and completes with
     * its answer. Keep the query short: the node does nothing else while it runs.
     */
    public <T> CompletableFuture<T> read(java.util.function.Supplier<T> query) {
        CompletableFuture<Long> confirmed = new CompletableFuture<>();
        // Chained before the request is offered, so the query runs on the thread that completes it: the node's.
        CompletableFuture<T> result = confirmed.thenApply(index -> query.get());
        offer(new NodeRequest.ReadIndex(confirmed), confirmed);
        return result;
    }

    /** Asks this (leader) node to hand leadership to {@code targetId}. */
    public CompletableFuture<Void> transferLeadership(int targetId) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        offer(new NodeRequest.TransferLeadership(targetId, result), result);
        return result;
    }

    /**
     * Snapshots the state applied so far (written off the node's thread) and compacts the log behind
     * it; the future completes with the snapshot's index once both are done.
     */
    public CompletableFuture<Long> snapshotNow() {
        CompletableFuture<Long> result = new CompletableFuture<>();
        offer(new NodeRequest.TakeSnapshot(result), result);
        return result;
    }

    /**
     * A reader of this node's committed entries from {@code fromIndex} on, for any one thread: it returns
     * what the log holds first (after a restart too), then follows new commits. At most 1024 entries wait
     * in it; see {@link CommittedReader}.
     */
    public CommittedReader reader(long fromIndex) {
        return reader(fromIndex, 1024);
    }

    /** As {@link #reader(long)}, holding at most {@code capacity} entries the reader has not taken yet. */
    public CommittedReader reader(long fromIndex, int capacity) {
        CommittedReader reader = new CommittedReader(config.id(), fromIndex, capacity);
        Throwable failure = state.failure();
        if (failure != null || runner.isClosed()) {
            throw new IllegalStateException("node " + config.id() + " is stopped" + (failure == null ? "" : ": " + failure.getMessage()), failure);
        }
        if (!requests.offer(new NodeRequest.OpenReader(reader))) {
            throw new IllegalStateException("node " + config.id() + " has " + config.proposalQueueCapacity() +
                " requests waiting: back off and retry");
        }
        wakeup.wake();
        return reader;
    }

    /** First index still in this node's log (it moves up as snapshots compact the log). */
    public long logFirstIndex() {
        return state.logFirstIndex();
    }

    private void offer(NodeRequest request, CompletableFuture<?> result) {
        Throwable failure = state.failure();
        if (failure != null || runner.isClosed()) {
            result.completeExceptionally(new IllegalStateException("node " + config.id() + " is stopped" +
                (failure == null ? "" : ": " + failure.getMessage()), failure));
        } else if (!requests.offer(request)) {
            result.completeExceptionally(new IllegalStateException("node " + config.id() + " has " +
                config.proposalQueueCapacity() + " requests waiting: back off and retry"));
        } else {
            wakeup.wake();
        }
    }

    public int id() {
        return config.id();
    }

    public Role role() {
        return state.role();
    }

    public boolean isLeader() {
        return state.role() == Role.LEADER;
    }

    public long term() {
        return state.term();
    }

    /** The leader this node knows of, 0 when none. */
    public int leaderId() {
        return state.leaderId();
    }

    public long commitIndex() {
        return state.commitIndex();
    }

    /** The highest index of this node's log known to be on disk (forced); readable from any thread. */
    public long durableLogIndex() {
        return wal.durableIndex();
    }

    public long appliedIndex() {
        return state.appliedIndex();
    }

    /** False once the node stopped (closed, halted or failed). */
    public boolean isRunning() {
        return !runner.isClosed() && state.failure() == null;
    }

    /** Why the node stopped on its own (a failed force, corruption), or null while it runs. */
    public Throwable failure() {
        return state.failure();
    }

    public void addListener(NodeListener listener) {
        state.addListener(listener);
    }

    /** What the transport did with frames: sent, received, and dropped by kind (strangers included). */
    public TransportCounters transportCounters() {
        return transportCounters;
    }

    /** Snapshot transfers: chunk bytes sent and received, a partial snapshot resumed at start, installs. */
    public NodeCounters counters() {
        return counters;
    }

    /**
     * Stops abruptly, as a crash would (for demos and tests in one JVM): the thread stops and the
     * transport closes, but nothing is flushed or recorded. Unsynced writes may stay in the page cache.
     */
    public void halt() {
        state.halt();
        stop();
    }

    private void stop() {
        CloseHelper.quietClose(runner);
        CloseHelper.quietCloseAll(transport, snapshots);
        try {
            wal.close();
        } catch (IOException e) {
            state.fail(e);
        }
    }

    /** Stops cleanly: finishes the current duty cycle, forces the log, records the commit index. */
    @Override
    public void close() {
        stop();
    }
}

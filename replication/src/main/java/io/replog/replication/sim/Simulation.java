package io.replog.replication.sim;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.MessageType;
import io.replog.replication.raft.RaftConfig;
import io.replog.replication.raft.ReadState;
import io.replog.replication.raft.Ready;
import io.replog.replication.raft.Role;
import io.replog.wal.sim.SimulatedDisk;
import org.agrona.collections.Long2LongHashMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic, single-threaded, discrete-event simulation of a Raft cluster driving the real
 * core, with every node's log in a {@code WriteAheadLog} on its own {@code SimulatedDisk}. The
 * network drops, duplicates, delays and reorders messages and is partitioned (fully,
 * asymmetrically, flapping); nodes crash (losing or tearing unsynced writes) and restart; a client
 * keeps many proposals in flight; nodes snapshot and compact, so lagging ones are repaired by
 * snapshot install. After every step the {@link InvariantChecker} and {@link LogMatchingCheck}
 * run; the first violation stops the run.
 * <p>
 * Entry points: {@link #run(SimulationConfig)} and {@link #runSeeds(SimulationConfig, long, int)}.
 */
public final class Simulation {
    private final SimulationConfig config;
    private final Knobs knobs;
    private final Random random;
    private final SimNode[] nodes;
    private final Network network;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Trace trace = new Trace();
    private final InvariantChecker checker = new InvariantChecker();
    private final LogMatchingCheck logMatching = new LogMatchingCheck();
    private final FaultInjector faults;
    private final Role[] lastRoles;
    private final long[] lastTerms;
    private long sequence;
    private long nowMs;
    private long step;
    private long proposals;
    private long nextProposalId;
    private long snapshotsInstalled;
    private long readsServed;
    /** Read context -> highest committed index when the read was asked (the read must see at least it). */
    private final Long2LongHashMap pendingReads = new Long2LongHashMap(-1);
    private long nextReadContext;
    private Violation violation;

    private Simulation(SimulationConfig config) {
        this.config = config;
        this.knobs = Knobs.of(config);
        this.random = new Random(config.seed());
        this.network = new Network(config.nodeCount());
        this.nodes = new SimNode[config.nodeCount() + 1];
        this.lastRoles = new Role[config.nodeCount() + 1];
        this.lastTerms = new long[config.nodeCount() + 1];
        int[] ids = new int[config.nodeCount()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        Configuration membership = Configuration.ofVoters(ids);
        for (int id = 1; id <= config.nodeCount(); id++) {
            RaftConfig raftConfig = RaftConfig.defaults(id, membership)
                .withTimeouts(knobs.electionTimeoutTicks(), 1)
                .withElectionOptions(knobs.preVote(), knobs.checkQuorum())
                .withFlowControl(knobs.maxEntriesPerAppend(), 64 * 1024, knobs.maxInflightAppends(), knobs.maxInflightBytes())
                .withSnapshotFlowControl(10, knobs.snapshotInflightBytes(), knobs.snapshotBytesPerTick());
            SimulatedDisk disk = new SimulatedDisk(new Random(config.seed() * 31 + id), 1L << 30);
            nodes[id] = new SimNode(id, disk, raftConfig, config.coreFactory(), config.seed() * 1_000_003L + id,
                knobs.serveRetainedEntries());
        }
        this.faults = new FaultInjector(this, random, nodes, network, knobs);
    }

    /** Runs one seed to completion or to its first violation. */
    public static RunResult run(SimulationConfig config) {
        return new Simulation(config).execute();
    }

    /** Runs {@code seedCount} consecutive seeds from {@code firstSeed} with {@code base}'s other settings. */
    public static SimulationReport runSeeds(SimulationConfig base, long firstSeed, int seedCount) {
        List<RunResult> runs = new ArrayList<>();
        for (long seed = firstSeed; seed < firstSeed + seedCount; seed++) {
            runs.add(run(base.withSeed(seed)));
        }
        return new SimulationReport(runs);
    }

    private RunResult execute() {
        long startNanos = System.nanoTime(); // only for the steps/s figure; simulated time is nowMs
        try {
            for (int id = 1; id <= config.nodeCount(); id++) {
                startNode(nodes[id]);
            }
        } catch (IOException e) {
            fail("storage", "starting the cluster failed: " + e);
        }
        schedule(1 + random.nextInt(knobs.proposalIntervalMs()), Event.Kind.PROPOSE, 0, 0, null, 0);
        schedule(knobs.meanFaultIntervalMs(), Event.Kind.FAULT, 0, 0, null, 0);
        while (step < config.steps() && violation == null && !queue.isEmpty()) {
            Event event = queue.poll();
            nowMs = event.timeMs;
            step++;
            trace.record(event);
            try {
                handle(event);
            } catch (IOException e) {
                SimNode node = event.nodeId > 0 ? nodes[event.nodeId] : null;
                if (node != null && node.up) {
                    failStop(node, e); // its disk failed it (full, fsync error): a real node stops too
                } else {
                    fail("storage", "node " + event.nodeId + ": " + e);
                }
            } catch (java.io.UncheckedIOException e) {
                if (!stopCorruptNode(e.getCause())) {
                    fail("storage", "node " + event.nodeId + ": " + e);
                }
            } catch (RuntimeException e) {
                fail("exception", e + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"));
            }
            if (violation == null) {
                checkInvariants();
            }
        }
        long wallNanos = System.nanoTime() - startNanos;
        List<Violation> violations = violation == null ? List.of() : List.of(violation);
        return new RunResult(config.seed(), step, nowMs, proposals, checker.committedCount(), checker.deliveredCount(),
            checker.leaderChanges(), snapshotsInstalled, readsServed, Collections.unmodifiableMap(new TreeMap<>(faults.counts())),
            trace.hash(), violations, wallNanos);
    }

    private void handle(Event event) throws IOException {
        switch (event.kind) {
            case TICK -> onTick(event);
            case DELIVER -> onDeliver(event.message);
            case PERSISTED -> onPersisted(event);
            case PROPOSE -> onPropose();
            case FAULT -> {
                faults.injectOne();
                for (int id = 1; id <= config.nodeCount(); id++) {
                    pump(nodes[id]); // a fault may have given a core work (leadership transfer)
                }
                schedule(1 + random.nextInt(2 * knobs.meanFaultIntervalMs()), Event.Kind.FAULT, 0, 0, null, 0);
            }
            case RESTART -> {
                SimNode node = nodes[event.nodeId];
                if (!node.up && !node.dead) {
                    note("node " + event.nodeId + " restarts");
                    try {
                        startNode(node);
                    } catch (IOException e) {
                        if (!stopCorruptNode(e)) {
                            // Its disk is still full: it dies again and is restarted later.
                            faults.count("restart-failed");
                            note("node " + event.nodeId + " cannot restart: " + e.getMessage());
                            node.abortStart();
                            schedule(1 + random.nextInt(knobs.maxDowntimeMs()), Event.Kind.RESTART, node.id, 0, null, 0);
                        }
                    }
                }
            }
            case FREE_DISK -> {
                nodes[event.nodeId].freeDisk();
                note("node " + event.nodeId + "'s disk has space again");
            }
            case HEAL_LINKS -> network.healAll();
            case TOGGLE_LINK -> {
                boolean cut = network.connected(event.nodeId, event.peerId);
                network.setCut(event.nodeId, event.peerId, cut);
                network.setCut(event.peerId, event.nodeId, cut);
            }
            default -> throw new IllegalStateException("unknown event " + event.kind);
        }
    }

    private void startNode(SimNode node) throws IOException {
        node.start();
        String restored = checker.onRestore(node.id, node.stateMachine.appliedIndex(), node.stateMachine.stateHash());
        if (restored != null) {
            fail("primary order", restored);
        }
        schedule(1 + random.nextInt(knobs.tickMs()), Event.Kind.TICK, node.id, node.incarnation, null, 0);
        pump(node);
    }

    private boolean live(SimNode node, int incarnation) {
        return node.up && node.incarnation == incarnation;
    }

    private void onTick(Event event) {
        SimNode node = nodes[event.nodeId];
        if (!live(node, event.incarnation)) {
            return; // the ticks of a crashed incarnation stop here
        }
        node.core.tick();
        pump(node);
        schedule(knobs.tickMs(), Event.Kind.TICK, node.id, node.incarnation, null, 0);
    }

    private void onDeliver(Message message) {
        SimNode node = nodes[message.to()];
        if (!node.up || !network.connected(message.from(), message.to())) {
            return;
        }
        node.core.step(message);
        pump(node);
    }

    private void onPropose() {
        SimNode target = pickLeader();
        if (target != null) {
            int burst = 1 + random.nextInt(knobs.maxProposalBurst());
            for (int i = 0; i < burst && target.core.propose(SimNode.payload(nextProposalId + 1)); i++) {
                nextProposalId++;
                proposals++;
            }
            if (random.nextInt(3) == 0 && target.core.readIndex(nextReadContext + 1)) {
                pendingReads.put(++nextReadContext, checker.committedCount());
            }
            pump(target);
        }
        schedule(1 + random.nextInt(2 * knobs.proposalIntervalMs()), Event.Kind.PROPOSE, 0, 0, null, 0);
    }

    /**
     * Usually the leader of the highest term; sometimes any node that believes it leads, as a
     * client with stale knowledge would pick, which leaves uncommitted entries on deposed leaders.
     */
    private SimNode pickLeader() {
        List<SimNode> leaders = new ArrayList<>();
        SimNode newest = null;
        for (int id = 1; id <= config.nodeCount(); id++) {
            SimNode node = nodes[id];
            if (node.up && node.core.role() == Role.LEADER) {
                leaders.add(node);
                if (newest == null || node.core.term() > newest.core.term()) {
                    newest = node;
                }
            }
        }
        if (leaders.size() > 1 && random.nextInt(4) == 0) {
            return leaders.get(random.nextInt(leaders.size()));
        }
        return newest;
    }

    /**
     * Drains Readies: sends, starts persistence (async), or finishes at once when nothing must
     * persist. A storage error (a failed fsync) makes the node fail-stop: it crashes and restarts,
     * as a real node must, never carrying on with a log that lied about durability.
     */
    private void pump(SimNode node) {
        try {
            drainReadies(node);
        } catch (IOException e) {
            failStop(node, e);
        }
    }

    /**
     * A node whose log turned out corrupt (a bit the fault injector flipped) stops for good; it must
     * never serve the damaged entry. Corruption anywhere else is a bug: returns false.
     */
    private boolean stopCorruptNode(Throwable cause) {
        int corrupted = faults.corruptedNodeId();
        if (!(cause instanceof io.replog.wal.CorruptLogException) || corrupted == 0) {
            return false;
        }
        SimNode node = nodes[corrupted];
        faults.count("corruption-detected");
        note("node " + corrupted + " found its log corrupt and stops for good: " + cause.getMessage());
        if (node.up) {
            node.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        }
        node.dead = true;
        return true;
    }

    private void failStop(SimNode node, IOException cause) {
        if (stopCorruptNode(cause)) {
            return;
        }
        faults.count("fail-stop");
        note("node " + node.id + " fail-stops: " + cause.getMessage());
        node.crash(SimulatedDisk.CrashMode.LOSE_UNSYNCED);
        schedule(1 + random.nextInt(knobs.maxDowntimeMs()), Event.Kind.RESTART, node.id, 0, null, 0);
    }

    private void drainReadies(SimNode node) throws IOException {
        while (node.up) {
            // As the node's duty cycle does: what may leave now leaves, even while a persist is in progress.
            sendAll(node, node.core.takeMessages());
            if (node.pendingReady != null) {
                applyCommitted(node, node.core.takeCommittedEntries()); // persisted before: no need to wait
                return;
            }
            if (!node.core.hasReady()) {
                return;
            }
            Ready ready = node.core.ready();
            sendAll(node, ready.messages());
            if (!applyCommitted(node, ready.committedEntries())) {
                return;
            }
            if (ready.mustPersist()) {
                node.writeEntriesUnsynced(ready, logMatching);
                node.pendingReady = ready;
                schedule(1 + random.nextInt(knobs.maxDiskSyncMs()), Event.Kind.PERSISTED, node.id, node.incarnation, null, 0);
                return;
            }
            finishReady(node, ready);
        }
    }

    private void onPersisted(Event event) {
        SimNode node = nodes[event.nodeId];
        if (!live(node, event.incarnation) || node.pendingReady == null) {
            return;
        }
        Ready ready = node.pendingReady;
        try {
            node.completePersist(ready, logMatching);
        } catch (IOException e) {
            failStop(node, e);
            return;
        }
        if (ready.snapshot() != null) {
            snapshotsInstalled++;
            String restored = checker.onRestore(node.id, ready.snapshot().index(), node.stateMachine.stateHash());
            if (restored != null) {
                fail("primary order", restored);
                return;
            }
        }
        node.pendingReady = null;
        try {
            finishReady(node, ready);
        } catch (IOException e) {
            failStop(node, e);
            return;
        }
        pump(node);
    }

    /** Applies committed entries in order (as the node does: as soon as it has them); false on a violation. */
    private boolean applyCommitted(SimNode node, List<LogEntry> committed) {
        for (LogEntry entry : committed) {
            long proposalId = SimNode.proposalId(entry);
            try {
                node.stateMachine.apply(entry.index(), proposalId);
            } catch (IllegalStateException e) {
                fail("primary order", "node " + node.id + ": " + e.getMessage());
                return false;
            }
            String delivered = checker.onApply(node.id, entry.index(), proposalId, node.stateMachine.stateHash());
            if (delivered != null) {
                fail("primary order", delivered);
                return false;
            }
        }
        return true;
    }

    /** Everything durable: release after-persist messages, answer reads, advance, maybe compact. */
    private void finishReady(SimNode node, Ready ready) throws IOException {
        sendAll(node, ready.messagesAfterPersist());
        for (ReadState read : ready.readStates()) {
            if (!checkRead(node, read)) {
                return;
            }
        }
        node.core.advance(ready);
        node.verifyReceived(ready);
        if (node.maybeCompact(knobs.snapshotEveryEntries())) {
            trace.note("node " + node.id + " compacted its log to a snapshot at " + node.snapshotIndex());
        }
    }

    /** Linearizability of ReadIndex: a read must reflect every entry committed before it was asked. */
    private boolean checkRead(SimNode node, ReadState read) {
        long committedWhenAsked = pendingReads.remove(read.context());
        if (committedWhenAsked == -1) {
            fail("linearizable read", "node " + node.id + " answered read " + read.context() + " that is unknown or was answered before");
            return false;
        }
        if (read.index() < committedWhenAsked) {
            fail("linearizable read", "node " + node.id + " answered read " + read.context() + " at index " + read.index()
                + " but index " + committedWhenAsked + " was committed before the read was asked (stale read)");
            return false;
        }
        readsServed++;
        return true;
    }

    /**
     * A vote grant promises the vote is durable: the voter's disk must hold that vote, or a later
     * term (after which it can never vote in the granted term again).
     */
    private boolean voteIsDurable(Message message) {
        if (message.type() != MessageType.VOTE_RESPONSE || message.reject()) {
            return true;
        }
        HardState onDisk = nodes[message.from()].durableHardState;
        if (onDisk.term() > message.term() || onDisk.term() == message.term() && onDisk.votedFor() == message.to()) {
            return true;
        }
        fail("vote durable before grant", "node " + message.from() + " granted its vote in term " + message.term() + " to " + message.to()
            + " but its disk holds " + onDisk + ": after a crash it could vote again in that term");
        return false;
    }

    /**
     * Sends a batch as the node's {@code MessageSender} does. Sometimes the sender's transport pushes back
     * on an AppendEntries: it never leaves, the core is told, and no later AppendEntries of the batch goes to
     * that peer (the promise {@code appendNotSent} relies on). Every message of the batch is given back to the
     * core afterwards, as the node's sender does: what travels is the network's own copy.
     */
    private void sendAll(SimNode node, List<Message> messages) {
        int backPressuredPeers = 0;
        for (int i = 0; i < messages.size() && node.up; i++) {
            Message message = messages.get(i);
            if (message.type() == MessageType.APPEND) {
                int peerBit = 1 << message.to();
                if ((backPressuredPeers & peerBit) != 0) {
                    faults.count("back-pressure");
                    continue;
                }
                if (random.nextInt(200) < knobs.dropPercent()) {
                    faults.count("back-pressure");
                    backPressuredPeers |= peerBit;
                    node.core.appendNotSent(message);
                    continue;
                }
            }
            send(message);
        }
        for (int i = 0; i < messages.size(); i++) {
            node.core.recycle(messages.get(i));
        }
    }

    /** Puts a copy of {@code message} on the network (the sender recycles the original): in flight, it is the network's. */
    private void send(Message message) {
        if (!voteIsDurable(message)) {
            return;
        }
        if (random.nextInt(100) < knobs.dropPercent()) {
            faults.count("drop");
            return;
        }
        Message inFlight = new Message().copyFrom(message);
        schedule(networkDelayMs(), Event.Kind.DELIVER, message.to(), 0, inFlight, 0);
        if (random.nextInt(100) < knobs.duplicatePercent()) {
            faults.count("duplicate");
            schedule(networkDelayMs(), Event.Kind.DELIVER, message.to(), 0, inFlight, 0);
        }
    }

    private long networkDelayMs() {
        long delayMs = 1 + random.nextInt(knobs.maxNetworkDelayMs());
        if (random.nextInt(200) == 0) {
            faults.count("long-delay");
            delayMs += 50 + random.nextInt(250);
        }
        return delayMs;
    }

    void schedule(long delayMs, Event.Kind kind, int nodeId, int incarnation, Message message, int peerId) {
        queue.add(new Event(nowMs + delayMs, sequence++, kind, nodeId, incarnation, message, peerId));
    }

    void note(String text) {
        trace.note("t=" + nowMs + "ms " + text);
    }

    private void checkInvariants() {
        String broken = logMatching.violation();
        if (broken != null) {
            fail("log matching", broken);
            return;
        }
        for (int id = 1; id <= config.nodeCount(); id++) {
            SimNode node = nodes[id];
            try {
                broken = checker.checkNode(node);
            } catch (java.io.UncheckedIOException e) {
                // The checker read where the injector flipped a bit: the node would find it on its next read.
                if (!stopCorruptNode(e.getCause())) {
                    throw e;
                }
                broken = checker.checkNode(node);
            }
            if (broken != null) {
                fail(broken.substring(0, broken.indexOf(':')), broken);
                return;
            }
            noteRoleChange(node);
        }
        broken = checker.checkCommittedIsDurable(nodes);
        if (broken != null) {
            fail("committed entry not durable", broken);
        }
    }

    private void noteRoleChange(SimNode node) {
        Role role = node.up ? node.core.role() : null;
        long term = node.up ? node.core.term() : -1;
        if (role != lastRoles[node.id] || term != lastTerms[node.id]) {
            lastRoles[node.id] = role;
            lastTerms[node.id] = term;
            note(node.up ? "node " + node.id + " is " + role + " at term " + term : "node " + node.id + " is down");
        }
    }

    private void fail(String invariant, String detail) {
        if (violation != null) {
            return;
        }
        List<String> lines = new ArrayList<>(trace.lastEvents());
        lines.add("knobs: " + knobs);
        lines.add("network: " + network.describe());
        for (int id = 1; id <= config.nodeCount(); id++) {
            lines.add(nodes[id].describe());
        }
        violation = new Violation(config.seed(), config.nodeCount(), config.steps(), step, nowMs, invariant, detail, lines);
    }

    /** Per-kind fault counts so far (for tests). */
    Map<String, Long> faultCounts() {
        return faults.counts();
    }
}

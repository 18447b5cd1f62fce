package io.replog.bench.core;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.MemoryLogStorage;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.RaftConfig;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Ready;
import io.replog.replication.raft.Role;
import io.replog.replication.raft.SnapshotMeta;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;

/**
 * Raft cores only, no runtime around them: {@code size} {@link RaftNode}s over {@link MemoryLogStorage}, driven
 * on the calling thread. Messages go straight from one core's output to another's {@code step} in the order they
 * were sent (no loss, no reordering), and a Ready is "persisted" by appending its entries to the in-memory
 * storage at once. The leader keeps {@code window} proposals of {@code payloadBytes} uncommitted at all times.
 * <p>
 * With {@link #attributing} on, the bytes the thread allocates inside each core call are charged to that core
 * (leader or follower), apart from what this host allocates around them; that is what
 * {@link CoreAllocationProbe} prints. A message goes back to the core that sent it once the receiver has stepped it,
 * as a host that copies messages onto the wire would recycle them. The host compacts the storages every {@link #COMPACT_EVERY_ENTRIES}
 * entries so the log does not grow for ever (and its growth is not counted as the core's).
 */
public final class CoreCluster {
    /** Entries between two compactions of every node's storage; entries newer than this many stay. */
    static final long COMPACT_EVERY_ENTRIES = 4096;
    private static final byte[] SNAPSHOT_DATA = new byte[0];

    private final RaftNode[] nodes;
    private final MemoryLogStorage[] storages;
    private final Configuration configuration;
    private final ArrayDeque<Message> inFlight = new ArrayDeque<>(1024);
    private final byte[] payload;
    private final int window;
    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private boolean attributing;

    /** Per node: messages stepped and bytes allocated inside its core calls while attributing. */
    final long[] messagesStepped;
    final long[] coreBytes;
    /** Bytes the leader's core allocated in {@code propose} while attributing (part of {@code coreBytes[0]}). */
    long proposeBytes;
    /** Bytes this host allocated around the cores (storage, queues) while attributing. */
    long hostBytes;
    long compactedIndex;

    public CoreCluster(int size, int payloadBytes, int window) {
        this.nodes = new RaftNode[size];
        this.storages = new MemoryLogStorage[size];
        this.messagesStepped = new long[size];
        this.coreBytes = new long[size];
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = i + 1;
        }
        this.configuration = Configuration.ofVoters(ids);
        for (int i = 0; i < size; i++) {
            RaftConfig config = RaftConfig.defaults(i + 1, configuration);
            storages[i] = new MemoryLogStorage();
            nodes[i] = new RaftNode(config, storages[i], HardState.EMPTY, new Random(i + 1));
        }
        this.payload = new byte[payloadBytes];
        new Random(42).nextBytes(payload);
        this.window = window;
        nodes[0].campaign();
        for (int round = 0; nodes[0].role() != Role.LEADER; round++) {
            if (round > 100) {
                throw new IllegalStateException("node 1 did not become leader in 100 rounds: " + nodes[0]);
            }
            pumpRound();
        }
    }

    public RaftNode leader() {
        return nodes[0];
    }

    public int size() {
        return nodes.length;
    }

    /** Starts (or stops) charging allocations to cores and host; starting sets the counters to zero. */
    void attribute(boolean on) {
        attributing = on;
        if (!on) {
            return;
        }
        java.util.Arrays.fill(messagesStepped, 0);
        java.util.Arrays.fill(coreBytes, 0);
        proposeBytes = 0;
        hostBytes = 0;
    }

    /** Proposes and replicates until {@code entries} more entries are committed on the leader; returns the commit index. */
    public long commit(int entries) {
        RaftNode leader = nodes[0];
        long target = leader.commitIndex() + entries;
        while (leader.commitIndex() < target) {
            long mark = mark();
            while (leader.lastIndex() - leader.commitIndex() < window) {
                leader.propose(payload);
            }
            proposeBytes += attributing ? threads.getCurrentThreadAllocatedBytes() - mark : 0;
            charge(0, mark);
            pumpRound();
        }
        return leader.commitIndex();
    }

    /** Every node drains its Ready, then every message in flight at that point is delivered. */
    private void pumpRound() {
        for (int i = 0; i < nodes.length; i++) {
            drainReady(i);
        }
        for (int pending = inFlight.size(); pending > 0; pending--) {
            Message message = inFlight.poll();
            int target = message.to() - 1;
            long mark = mark();
            nodes[target].step(message);
            charge(target, mark);
            messagesStepped[target]++;
            // Delivered: the sender may fill it again (see Message). Its cost is the sender's.
            int sender = message.from() - 1;
            mark = mark();
            nodes[sender].recycle(message);
            charge(sender, mark);
        }
        maybeCompact();
    }

    private void drainReady(int i) {
        RaftNode node = nodes[i];
        long mark = mark();
        if (!node.hasReady()) {
            charge(i, mark);
            return;
        }
        Ready ready = node.ready();
        charge(i, mark);
        mark = mark();
        storages[i].append(ready.entries());
        enqueue(ready.messages());
        enqueue(ready.messagesAfterPersist());
        hostBytes += attributing ? threads.getCurrentThreadAllocatedBytes() - mark : 0;
        mark = mark();
        node.advance(ready);
        charge(i, mark);
    }

    private void enqueue(List<Message> messages) {
        for (int m = 0; m < messages.size(); m++) {
            inFlight.add(messages.get(m));
        }
    }

    private void maybeCompact() {
        long commitIndex = nodes[0].commitIndex();
        if (commitIndex - compactedIndex < 2 * COMPACT_EVERY_ENTRIES) {
            return;
        }
        long mark = mark();
        long index = commitIndex - COMPACT_EVERY_ENTRIES;
        for (int i = 0; i < nodes.length; i++) {
            long term = nodes[i].termAt(index);
            storages[i].compact(new SnapshotMeta(index, term, configuration), SNAPSHOT_DATA);
        }
        compactedIndex = index;
        hostBytes += attributing ? threads.getCurrentThreadAllocatedBytes() - mark : 0;
    }

    private long mark() {
        return attributing ? threads.getCurrentThreadAllocatedBytes() : 0;
    }

    private void charge(int node, long mark) {
        if (attributing) {
            coreBytes[node] += threads.getCurrentThreadAllocatedBytes() - mark;
        }
    }
}

package io.replog.replication.node;

import io.replog.replication.transport.Transport;
import io.replog.replication.transport.TransportConfig;
import io.replog.wal.SyncPolicy;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** Everything a {@link ReplogNode} needs to start. Fluent setters; defaults suit a LAN or loopback. */
public final class NodeConfig {
    private int id;
    private int clusterId = 1;
    private final Map<Integer, String> members = new TreeMap<>();
    private Path directory;
    private SyncPolicy syncPolicy = SyncPolicy.BATCH;
    private int segmentLengthBytes = 64 * 1024 * 1024;
    private boolean reserveLogSpace = true;
    private long tickMs = 10;
    private int electionTimeoutTicks = 30;
    private int heartbeatIntervalTicks = 3;
    private int termLengthBytes = 4 * 1024 * 1024;
    private int mtuBytes;
    private String aeronDirectory;
    private boolean embeddedDriver = true;
    private long snapshotEveryEntries = 100_000;
    private long retainEntries = 10_000;
    private int maxInflightAppends = 256;
    private int proposalQueueCapacity = 65_536;
    private int snapshotChunkBytes = 64 * 1024;
    private long snapshotInflightBytes = 256 * 1024;
    private long snapshotBytesPerSecond = 64L * 1024 * 1024;
    private int entryArenaBytes = 8 * 1024 * 1024;
    private int appendBufferBytes = 4 * 1024 * 1024;
    private UnaryOperator<Transport> transportDecorator = UnaryOperator.identity();

    public int id() {
        return id;
    }

    public NodeConfig id(int id) {
        this.id = id;
        return this;
    }

    public int clusterId() {
        return clusterId;
    }

    /** Every frame carries it; frames of another cluster id are dropped. */
    public NodeConfig clusterId(int clusterId) {
        this.clusterId = clusterId;
        return this;
    }

    /** Member id to UDP endpoint {@code host:port}, this node included. */
    public Map<Integer, String> members() {
        return members;
    }

    public NodeConfig member(int memberId, String endpoint) {
        members.put(memberId, endpoint);
        return this;
    }

    public Path directory() {
        return directory;
    }

    /** The node directory: {@code log/}, {@code snapshots/}, {@code raft-state}. */
    public NodeConfig directory(Path directory) {
        this.directory = directory;
        return this;
    }

    public SyncPolicy syncPolicy() {
        return syncPolicy;
    }

    /**
     * {@link SyncPolicy#BATCH} (default): the log's group-commit thread forces while the node's thread goes on,
     * and nothing that promises durability leaves before the force covers it. {@link SyncPolicy#ALWAYS}: the
     * node's thread forces each batch of entries as it writes them (simpler, slower). {@link SyncPolicy#NONE}
     * gives up durability: acknowledged entries can be lost if machines crash.
     */
    public NodeConfig syncPolicy(SyncPolicy syncPolicy) {
        this.syncPolicy = syncPolicy;
        return this;
    }

    public int segmentLengthBytes() {
        return segmentLengthBytes;
    }

    public NodeConfig segmentLengthBytes(int segmentLengthBytes) {
        this.segmentLengthBytes = segmentLengthBytes;
        return this;
    }

    public boolean reserveLogSpace() {
        return reserveLogSpace;
    }

    /** Whether the log takes each next segment's blocks ahead of need (see {@code WalConfig.reserveSpace}; default true). */
    public NodeConfig reserveLogSpace(boolean reserveLogSpace) {
        this.reserveLogSpace = reserveLogSpace;
        return this;
    }

    public long tickMs() {
        return tickMs;
    }

    /** Length of one Raft tick: election timeouts and heartbeats are counted in ticks. */
    public NodeConfig tickMs(long tickMs) {
        this.tickMs = tickMs;
        return this;
    }

    public int electionTimeoutTicks() {
        return electionTimeoutTicks;
    }

    public int heartbeatIntervalTicks() {
        return heartbeatIntervalTicks;
    }

    public NodeConfig timeouts(int electionTimeoutTicks, int heartbeatIntervalTicks) {
        this.electionTimeoutTicks = electionTimeoutTicks;
        this.heartbeatIntervalTicks = heartbeatIntervalTicks;
        return this;
    }

    public int termLengthBytes() {
        return termLengthBytes;
    }

    /** Aeron term length; the largest message is an eighth of it. */
    public NodeConfig termLengthBytes(int termLengthBytes) {
        this.termLengthBytes = termLengthBytes;
        return this;
    }

    public String aeronDirectory() {
        return aeronDirectory;
    }

    public int mtuBytes() {
        return mtuBytes;
    }

    /** See {@link TransportConfig#mtuBytes(int)}: 0 (default) keeps Aeron's 1408 bytes. */
    public NodeConfig mtuBytes(int mtuBytes) {
        this.mtuBytes = TransportConfig.checkedMtu(mtuBytes);
        return this;
    }

    public boolean embeddedDriver() {
        return embeddedDriver;
    }

    /** Use an external media driver running in {@code aeronDirectory} instead of an embedded one. */
    public NodeConfig externalDriver(String aeronDirectory) {
        this.aeronDirectory = aeronDirectory;
        this.embeddedDriver = false;
        return this;
    }

    public long snapshotEveryEntries() {
        return snapshotEveryEntries;
    }

    /** Take a snapshot (and compact the log behind it) every this many applied entries. */
    public NodeConfig snapshotEveryEntries(long snapshotEveryEntries) {
        this.snapshotEveryEntries = snapshotEveryEntries;
        return this;
    }

    public long retainEntries() {
        return retainEntries;
    }

    /** Entries kept in the log below the newest snapshot, so slow followers catch up without a snapshot. */
    public NodeConfig retainEntries(long retainEntries) {
        this.retainEntries = retainEntries;
        return this;
    }

    public int entryArenaBytes() {
        return entryArenaBytes;
    }

    /**
     * Off-heap bytes that received entries and commands taken from {@link Appender}s are kept in until persisted and
     * applied (0: each in an array of its own). An entry that does not fit is kept in an array too;
     * {@link NodeCounters#arenaFallbacks()} counts them.
     */
    public NodeConfig entryArenaBytes(int entryArenaBytes) {
        if (entryArenaBytes < 0) {
            throw new IllegalArgumentException("entry arena bytes must be >= 0, got " + entryArenaBytes);
        }
        this.entryArenaBytes = entryArenaBytes;
        return this;
    }

    public int appendBufferBytes() {
        return appendBufferBytes;
    }

    /**
     * Bytes of the ring {@link Appender}s copy commands into for the node's thread (a power of two, at least 64 KiB);
     * a command may be at most an eighth of it, less 8 bytes. When it is full, {@code tryAppend} returns false.
     */
    public NodeConfig appendBufferBytes(int appendBufferBytes) {
        if (appendBufferBytes < 64 * 1024 || Integer.bitCount(appendBufferBytes) != 1) {
            throw new IllegalArgumentException("the append buffer must be a power of two of at least 65536 bytes, got " +
                appendBufferBytes);
        }
        this.appendBufferBytes = appendBufferBytes;
        return this;
    }

    public int maxInflightAppends() {
        return maxInflightAppends;
    }

    public NodeConfig maxInflightAppends(int maxInflightAppends) {
        this.maxInflightAppends = maxInflightAppends;
        return this;
    }

    public int proposalQueueCapacity() {
        return proposalQueueCapacity;
    }

    /** Appends waiting for the node's thread; past this, {@code append} fails at once (back pressure). */
    public NodeConfig proposalQueueCapacity(int proposalQueueCapacity) {
        this.proposalQueueCapacity = proposalQueueCapacity;
        return this;
    }

    public int snapshotChunkBytes() {
        return snapshotChunkBytes;
    }

    /** Bytes per InstallSnapshot chunk (capped by what one transport message can carry). */
    public NodeConfig snapshotChunkBytes(int snapshotChunkBytes) {
        this.snapshotChunkBytes = snapshotChunkBytes;
        return this;
    }

    public long snapshotInflightBytes() {
        return snapshotInflightBytes;
    }

    /** Per follower: snapshot bytes sent and not yet acknowledged as durable (at least one chunk). */
    public NodeConfig snapshotInflightBytes(long snapshotInflightBytes) {
        this.snapshotInflightBytes = snapshotInflightBytes;
        return this;
    }

    public long snapshotBytesPerSecond() {
        return snapshotBytesPerSecond;
    }

    /**
     * What a leader may spend on snapshot transfers, over all followers (0 = no limit), so that a transfer
     * never starves heartbeats and appends. Spent per tick: {@code bytesPerSecond * tickMs / 1000}.
     */
    public NodeConfig snapshotBytesPerSecond(long snapshotBytesPerSecond) {
        this.snapshotBytesPerSecond = snapshotBytesPerSecond;
        return this;
    }

    public UnaryOperator<Transport> transportDecorator() {
        return transportDecorator;
    }

    /**
     * Wraps the node's Aeron transport in another {@link Transport} (tracing, metrics, fault injection in
     * tests). The wrapper must forward {@code counters()} and {@code close()} to the transport it wraps.
     */
    public NodeConfig transportDecorator(UnaryOperator<Transport> transportDecorator) {
        this.transportDecorator = transportDecorator;
        return this;
    }

    void validate() {
        if (id <= 0 || !members.containsKey(id)) {
            throw new IllegalArgumentException("node id " + id + " must be positive and one of the members " + members);
        }
        if (directory == null) {
            throw new IllegalArgumentException("node " + id + " has no directory");
        }
        if (tickMs < 1 || heartbeatIntervalTicks < 1 || electionTimeoutTicks <= heartbeatIntervalTicks) {
            throw new IllegalArgumentException("need tickMs >= 1 and 0 < heartbeatIntervalTicks < electionTimeoutTicks");
        }
        if (snapshotChunkBytes < 1 || snapshotInflightBytes < 1 || snapshotBytesPerSecond < 0) {
            throw new IllegalArgumentException("node " + id + ": need snapshotChunkBytes >= 1, snapshotInflightBytes >= 1 and " +
                "snapshotBytesPerSecond >= 0 (0: no limit), got " + snapshotChunkBytes + ", " + snapshotInflightBytes + ", " +
                snapshotBytesPerSecond);
        }
    }
}

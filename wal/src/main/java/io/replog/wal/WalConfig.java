package io.replog.wal;

import java.util.function.LongConsumer;

/** How a {@link WriteAheadLog} is laid out and synced. Fluent setters; defaults suit a server. */
public final class WalConfig {
    public static final int DEFAULT_SEGMENT_LENGTH_BYTES = 64 * 1024 * 1024;
    /** Segments are mapped whole, so one must fit in an int-addressed buffer. */
    public static final int MAX_SEGMENT_LENGTH_BYTES = 1 << 30;

    private int segmentLengthBytes = DEFAULT_SEGMENT_LENGTH_BYTES;
    private SyncPolicy syncPolicy = SyncPolicy.BATCH;
    private long initialIndex = 1;
    private boolean createIfMissing = true;
    private boolean preallocateAhead = true;
    private boolean reserveSpace = true;
    private LongConsumer durabilityListener = index -> {
    };

    public int segmentLengthBytes() {
        return segmentLengthBytes;
    }

    /** Length of every segment file, preallocated up front. Must be a multiple of 4096. */
    public WalConfig segmentLengthBytes(int segmentLengthBytes) {
        if (segmentLengthBytes < 8192 || segmentLengthBytes > MAX_SEGMENT_LENGTH_BYTES ||
            segmentLengthBytes % 4096 != 0) {
            throw new IllegalArgumentException("segmentLengthBytes must be a multiple of 4096 between 8192 and " +
                MAX_SEGMENT_LENGTH_BYTES + ", not " + segmentLengthBytes);
        }
        this.segmentLengthBytes = segmentLengthBytes;
        return this;
    }

    public SyncPolicy syncPolicy() {
        return syncPolicy;
    }

    public WalConfig syncPolicy(SyncPolicy syncPolicy) {
        this.syncPolicy = syncPolicy;
        return this;
    }

    public long initialIndex() {
        return initialIndex;
    }

    /** Index of the first entry of a brand-new log (an existing log keeps its own). */
    public WalConfig initialIndex(long initialIndex) {
        if (initialIndex < 1) {
            throw new IllegalArgumentException("initialIndex must be at least 1, not " + initialIndex);
        }
        this.initialIndex = initialIndex;
        return this;
    }

    public boolean createIfMissing() {
        return createIfMissing;
    }

    /** Whether opening a missing directory creates a new empty log (default) or fails. */
    public WalConfig createIfMissing(boolean createIfMissing) {
        this.createIfMissing = createIfMissing;
        return this;
    }

    public boolean preallocateAhead() {
        return preallocateAhead;
    }

    /**
     * Whether the next segment file is prepared on a background thread (default), so that sealing a
     * segment never waits for a whole segment of zeros to be written. Deterministic simulations turn
     * it off.
     */
    public WalConfig preallocateAhead(boolean preallocateAhead) {
        this.preallocateAhead = preallocateAhead;
        return this;
    }

    public boolean reserveSpace() {
        return reserveSpace;
    }

    /**
     * Whether the next segment's blocks are taken before the log rolls to it, by writing the spare's zeros on the
     * preallocation thread, paced (true, the default), or as appends write them, the spare being sparse (false).
     * Appends are positional writes either way, so a full disk is always an {@link java.io.IOException}, never a
     * fault. With reserved space a full disk fails the append that needs a new segment, and appends resume once
     * space is freed; sparse spares are only made while the device has room for two segments, so the log stops
     * the same way unless something else fills the disk between that check and the appends, which then fail the
     * log (reopen it once space is freed; nothing forced is lost).
     * <p>
     * The trade (measured on ext4, see the README): a force of appends into blocks taken earlier writes data only,
     * while a force into new blocks also commits the file system's journal, so sparse spares cost group commits
     * of small batches about 15 % of their throughput; reserving writes every byte of the log twice to the page
     * cache, which a node short of CPU pays for (three nodes on 2 cores committing 1 KiB entries: 15-30 % of the
     * throughput). The first segment of a new log, and one made when no spare is ready, always reserve.
     */
    public WalConfig reserveSpace(boolean reserveSpace) {
        this.reserveSpace = reserveSpace;
        return this;
    }

    public LongConsumer durabilityListener() {
        return durabilityListener;
    }

    /**
     * Called with the new durable index each time it advances, with increasing values, from the thread
     * that forced: the syncer thread under {@link SyncPolicy#BATCH}, otherwise (and on segment rolls and
     * explicit {@link WriteAheadLog#sync()} calls) the appending thread. It runs under the log's structure
     * lock: keep it short, never block on the appending thread, and do not throw — an exception stops
     * the log ({@link LogFailedException}), since under BATCH it would otherwise end group commit silently.
     */
    public WalConfig durabilityListener(LongConsumer durabilityListener) {
        this.durabilityListener = durabilityListener;
        return this;
    }
}

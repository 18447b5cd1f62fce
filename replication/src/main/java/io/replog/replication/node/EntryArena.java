package io.replog.replication.node;

import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.LogEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Off-heap ring that the entries a node did not make from an array live in from decoding or proposing until they
 * are persisted and applied, so that neither a follower nor a leader fed by an {@link Appender} allocates per
 * entry: the codec copies each received payload out of the transport's frame into the ring once (the node copies
 * each appended command out of its append buffer the same way), the core holds a view of it
 * ({@link LogEntry.ViewRing}: view objects are recycled in step with the bytes), and the log copies it from there
 * into its write block.
 * <p>
 * Space is handed out in message order and given back in the same order. Each message's entries (or each duty
 * cycle's appended commands) form one batch, recorded with the index of its first entry and the highest index the
 * core kept of it (0 when it kept none: a rejected, stale or duplicate AppendEntries, released at once when it
 * reaches the head). The node keeps a persisted entry's view (in {@link NodeLogStorage}'s recent entries) until it
 * is applied, so that applying it reads nothing back from the log; a batch is released once none of its kept
 * entries is at or after the bound the node passes to {@link #release}: the lower of
 * {@code RaftNode.firstUnpersistedIndex()} (every entry the core holds unpersisted is at or after it) and the
 * applied index + 1. Releasing a batch makes the recent entries forget its views ({@link Views}), and only then
 * are its bytes and its view objects reused. Entries of a batch the core dropped after keeping them (a newer
 * leader's entries replaced them) stay until the log grows past them: conservative, never early.
 * <p>
 * Not one of Agrona's ring buffers: those hand each record to one read and reuse its space after it, while views
 * of these bytes outlive the read (in the core and the node's recent entries) until released here.
 * <p>
 * When the ring, its table of batches or its views are all taken the entry falls back to a heap array or a new
 * view object (counted in {@code NodeCounters.arenaFallbacks}): garbage, never wrong.
 * <p>
 * Invariants (all on the node's thread): {@code head <= tail <= head + capacity} (positions count bytes
 * ever handed out, so they only grow); the batches {@code [first, first + count)} end at increasing
 * positions (bytes and views), the last at or before {@code tail}; space and views from {@code head} to the last
 * batch's end are referenced only by entries the core or the recent entries may still hold.
 */
final class EntryArena implements RaftMessageCodec.EntryStore {
    /** Whoever keeps views of released space: told to forget them. */
    interface Views {
        /** Forgets every view it keeps of an entry from {@code fromIndex} to {@code toIndex}. */
        void forgetViews(long fromIndex, long toIndex);
    }

    private static final int MAX_BATCHES = 1 << 14;
    private static final int BATCH_MASK = MAX_BATCHES - 1;

    private final UnsafeBuffer ring;
    private final int capacity;
    private final NodeCounters counters;
    private final long[] batchEnds = new long[MAX_BATCHES];
    private final long[] batchLastIndexes = new long[MAX_BATCHES];
    private final long[] batchFirstIndexes = new long[MAX_BATCHES];
    private final long[] batchViewEnds = new long[MAX_BATCHES];
    private final LogEntry.ViewRing viewRing;
    private final Views views;
    /** Index of the first entry of the message being decoded, 0 before its first entry. */
    private long messageFirstIndex;
    private int firstBatch;
    private int batchCount;
    private long head;
    private long tail;
    /** {@code tail} when the message being decoded began; its space is given back if it cannot be stepped. */
    private long messageStart;
    /** The view ring's position when the message being decoded began. */
    private long messageViewStart;

    EntryArena(int capacityBytes, NodeCounters counters, Views views) {
        this.views = views;
        this.capacity = capacityBytes;
        this.ring = capacityBytes == 0 ? new UnsafeBuffer(new byte[0]) :
            new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes));
        this.counters = counters;
        // A view per 64 bytes of ring at most (entries that small are rare; more of them fall back to new views).
        this.viewRing = new LogEntry.ViewRing(Math.max(1, Math.min(4 * MAX_BATCHES, capacityBytes / 64)));
    }

    @Override
    public LogEntry entry(long index, long term, DirectBuffer payload, int offset, int length) {
        if (messageFirstIndex == 0) {
            messageFirstIndex = index;
        }
        if (length == 0) {
            return LogEntry.noOp(index, term);
        }
        long position = reserve(length);
        if (position < 0) {
            counters.arenaFallbacks++;
            return RaftMessageCodec.EntryStore.HEAP.entry(index, term, payload, offset, length);
        }
        int at = (int)(position % capacity);
        ring.putBytes(at, payload, offset, length);
        long views = viewRing.position();
        LogEntry view = viewRing.next(index, term, ring, at, length);
        if (viewRing.position() == views) {
            counters.arenaFallbacks++;
        }
        return view;
    }

    /** The bytes start at {@code tail} unless they would wrap: then at the ring's start, skipping its end. */
    private long reserve(int length) {
        if (length > capacity || batchCount == MAX_BATCHES) {
            return -1;
        }
        long start = tail;
        int at = (int)(start % capacity);
        if (at + length > capacity) {
            start += capacity - at;
        }
        if (start + length - head > capacity) {
            return -1;
        }
        tail = start + length;
        return start;
    }

    void beginMessage() {
        messageStart = tail;
        messageViewStart = viewRing.position();
        messageFirstIndex = 0;
    }

    /** The message was not stepped: nothing refers to its entries. */
    void abortMessage() {
        tail = messageStart;
        viewRing.rewindTo(messageViewStart);
    }

    /**
     * The message was stepped; {@code lastKeptIndex} is its last entry's index if the core kept that entry, else
     * 0 (the core keeps a suffix of a message's entries or none, so the last one tells).
     */
    void endMessage(long lastKeptIndex) {
        if (tail == messageStart) {
            return;
        }
        if (lastKeptIndex == 0 && batchCount == 0) {
            releaseAll(); // nothing before it is held either: the whole ring is free
            return;
        }
        int slot = (firstBatch + batchCount) & BATCH_MASK;
        batchEnds[slot] = tail;
        batchLastIndexes[slot] = lastKeptIndex;
        batchFirstIndexes[slot] = messageFirstIndex;
        batchViewEnds[slot] = viewRing.position();
        batchCount++;
    }

    /** Gives back the batches, oldest first, none of whose kept entries is at or after {@code bound}. */
    void release(long bound) {
        while (batchCount > 0 && batchLastIndexes[firstBatch] < bound) {
            if (batchLastIndexes[firstBatch] != 0) {
                views.forgetViews(batchFirstIndexes[firstBatch], batchLastIndexes[firstBatch]);
            }
            head = batchEnds[firstBatch];
            viewRing.releaseTo(batchViewEnds[firstBatch]);
            firstBatch = (firstBatch + 1) & BATCH_MASK;
            batchCount--;
        }
        if (batchCount == 0) {
            releaseAll();
        }
    }

    private void releaseAll() {
        head = tail;
        viewRing.releaseTo(viewRing.position());
    }

    /** Views handed out and not given back. */
    int outstandingViews() {
        return viewRing.outstanding();
    }

    /** Bytes held by batches not yet released. */
    long usedBytes() {
        return tail - head;
    }
}

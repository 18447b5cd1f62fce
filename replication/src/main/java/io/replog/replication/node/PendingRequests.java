package io.replog.replication.node;

import io.replog.replication.raft.ReadState;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The application's appends and linearizable reads a node has handed to its Raft core and not yet answered, on the
 * node's thread: an append is answered when the entry at its index is applied (or fails when another term's entry
 * takes the index), a read once the core confirmed leadership for it and the node applied up to its index.
 * <p>
 * Appends are kept in a table addressed by index (slot {@code index & mask}), which doubles when two pending
 * indexes would share a slot: pending appends span a window of consecutive indexes, so in steady state keeping
 * and answering them allocates nothing (an {@link Appender}'s, that is; a future is the caller's allocation).
 * <p>
 * Invariants: a slot is empty ({@code indexes[slot] == 0}) or holds the append pending at {@code indexes[slot]},
 * proposed in {@code terms[slot]}, answered through {@code futures[slot]} or else the listener of appender
 * {@code appenderIds[slot]} with {@code correlationIds[slot]}; a read is pending under the context it was proposed
 * with until its {@link ReadState} is confirmed and applied.
 */
final class PendingRequests {
    private final Appenders appenders;
    private long[] indexes = new long[1024];
    private long[] terms = new long[indexes.length];
    private long[] correlationIds = new long[indexes.length];
    private int[] appenderIds = new int[indexes.length];
    private Object[] futures = new Object[indexes.length];
    private int pendingAppends;
    private final Long2ObjectHashMap<CompletableFuture<Long>> reads = new Long2ObjectHashMap<>();
    private final List<ReadState> confirmedReads = new ArrayList<>();
    private long readContext;

    PendingRequests(Appenders appenders) {
        this.appenders = appenders;
    }

    void append(long index, long term, CompletableFuture<CommitResult> result) {
        put(index, term, 0, 0, result);
    }

    void append(long index, long term, int appenderId, long correlationId) {
        put(index, term, appenderId, correlationId, null);
    }

    private void put(long index, long term, int appenderId, long correlationId, CompletableFuture<CommitResult> future) {
        int slot = slot(index);
        if (indexes[slot] == index) {
            // Proposed again at an index whose entry of an earlier term was never committed nor replaced here.
            fail(slot, new NotCommittedException("the entry at index " + index + " was replaced after a leadership change"));
        }
        while (indexes[slot] != 0) {
            grow();
            slot = slot(index);
        }
        indexes[slot] = index;
        terms[slot] = term;
        appenderIds[slot] = appenderId;
        correlationIds[slot] = correlationId;
        futures[slot] = future;
        pendingAppends++;
    }

    private int slot(long index) {
        return (int)(index & (indexes.length - 1));
    }

    private void grow() {
        long[] oldIndexes = indexes;
        long[] oldTerms = terms;
        long[] oldCorrelationIds = correlationIds;
        int[] oldAppenderIds = appenderIds;
        Object[] oldFutures = futures;
        int length = oldIndexes.length * 2;
        indexes = new long[length];
        terms = new long[length];
        correlationIds = new long[length];
        appenderIds = new int[length];
        futures = new Object[length];
        for (int i = 0; i < oldIndexes.length; i++) {
            if (oldIndexes[i] != 0) {
                int slot = slot(oldIndexes[i]);
                indexes[slot] = oldIndexes[i];
                terms[slot] = oldTerms[i];
                correlationIds[slot] = oldCorrelationIds[i];
                appenderIds[slot] = oldAppenderIds[i];
                futures[slot] = oldFutures[i];
            }
        }
    }

    /** The entry at {@code index}, of {@code term}, was applied with {@code result}: answers its append, if any. */
    void applied(long index, long term, byte[] result) {
        if (pendingAppends == 0) {
            return;
        }
        int slot = slot(index);
        if (indexes[slot] != index) {
            return;
        }
        if (terms[slot] == term) {
            committed(slot, result);
        } else {
            fail(slot, new NotCommittedException("another entry (term " + term + ") was committed at index " + index +
                " after a leadership change"));
        }
    }

    /** Entries from {@code index} on are being replaced (a new leader's log): their appends fail. */
    void replacedFrom(long index) {
        for (int slot = 0; slot < indexes.length && pendingAppends > 0; slot++) {
            if (indexes[slot] >= index && indexes[slot] != 0) {
                fail(slot, new NotCommittedException("the entry at index " + indexes[slot] +
                    " was replaced after a leadership change"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void committed(int slot, byte[] result) {
        long index = indexes[slot];
        CompletableFuture<CommitResult> future = (CompletableFuture<CommitResult>)futures[slot];
        int appenderId = appenderIds[slot];
        long correlationId = correlationIds[slot];
        clear(slot);
        if (future != null) {
            future.complete(new CommitResult(index, result));
            return;
        }
        appenders.committed(appenderId, correlationId, index, result);
    }

    private void fail(int slot, RuntimeException cause) {
        Object future = futures[slot];
        int appenderId = appenderIds[slot];
        long correlationId = correlationIds[slot];
        clear(slot);
        if (future != null) {
            ((CompletableFuture<?>)future).completeExceptionally(cause);
        } else {
            appenders.failed(appenderId, correlationId, cause);
        }
    }

    private void clear(int slot) {
        indexes[slot] = 0;
        futures[slot] = null;
        pendingAppends--;
    }

    /** A context for the next read to propose to the core. */
    long nextReadContext() {
        return ++readContext;
    }

    void read(long context, CompletableFuture<Long> result) {
        reads.put(context, result);
    }

    /** The core confirmed leadership for these reads (their indexes are to be applied before they are answered). */
    void confirmed(List<ReadState> readStates) {
        confirmedReads.addAll(readStates);
    }

    /** Answers the confirmed reads whose index is applied (a loop, not removeIf: a capturing lambda is garbage). */
    void answerReads(long appliedIndex) {
        int kept = 0;
        for (int i = 0; i < confirmedReads.size(); i++) {
            ReadState read = confirmedReads.get(i);
            if (read.index() > appliedIndex) {
                confirmedReads.set(kept++, read);
                continue;
            }
            CompletableFuture<Long> pending = reads.remove(read.context());
            if (pending != null) {
                pending.complete(read.index());
            }
        }
        while (confirmedReads.size() > kept) {
            confirmedReads.remove(confirmedReads.size() - 1);
        }
    }

    void failAll(RuntimeException cause) {
        for (int slot = 0; slot < indexes.length && pendingAppends > 0; slot++) {
            if (indexes[slot] != 0) {
                fail(slot, cause);
            }
        }
        reads.values().forEach(read -> read.completeExceptionally(cause));
        reads.clear();
        confirmedReads.clear();
    }

    /** Appends not yet answered. */
    int pendingAppends() {
        return pendingAppends;
    }
}

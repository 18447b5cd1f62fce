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
 * Invariants: an append is pending under the index the core gave it and the term it was proposed in; a read is
 * pending under the context it was proposed with until its {@link ReadState} is confirmed and applied.
 */
final class PendingRequests {
    private record PendingAppend(long term, CompletableFuture<CommitResult> result) {
    }

    private final Long2ObjectHashMap<PendingAppend> appends = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<CompletableFuture<Long>> reads = new Long2ObjectHashMap<>();
    private final List<ReadState> confirmedReads = new ArrayList<>();
    private long readContext;

    void append(long index, long term, CompletableFuture<CommitResult> result) {
        appends.put(index, new PendingAppend(term, result));
    }

    /** The entry at {@code index}, of {@code term}, was applied with {@code result}: answers its append, if any. */
    void applied(long index, long term, byte[] result) {
        PendingAppend pending = appends.remove(index);
        if (pending == null) {
            return;
        }
        if (pending.term() == term) {
            pending.result().complete(new CommitResult(index, result));
        } else {
            pending.result().completeExceptionally(new NotCommittedException("another entry (term " + term +
                ") was committed at index " + index + " after a leadership change"));
        }
    }

    /** Entries from {@code index} on are being replaced (a new leader's log): their appends fail. */
    void replacedFrom(long index) {
        appends.entrySet().removeIf(entry -> {
            if (entry.getKey() >= index) {
                entry.getValue().result().completeExceptionally(new NotCommittedException("the entry at index " +
                    entry.getKey() + " was replaced after a leadership change"));
                return true;
            }
            return false;
        });
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

    /** Answers the confirmed reads whose index is applied. */
    void answerReads(long appliedIndex) {
        confirmedReads.removeIf(read -> {
            if (read.index() > appliedIndex) {
                return false;
            }
            CompletableFuture<Long> pending = reads.remove(read.context());
            if (pending != null) {
                pending.complete(read.index());
            }
            return true;
        });
    }

    void failAll(RuntimeException cause) {
        appends.values().forEach(pending -> pending.result().completeExceptionally(cause));
        appends.clear();
        reads.values().forEach(read -> read.completeExceptionally(cause));
        reads.clear();
        confirmedReads.clear();
    }
}

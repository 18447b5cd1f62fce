package io.replog.replication.pb;

import io.replog.replication.StateMachine;
import io.replog.replication.node.CommitResult;
import io.replog.replication.node.NodeContext;
import io.replog.replication.node.NodeService;
import io.replog.replication.node.NotCommittedException;
import io.replog.replication.raft.Role;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The primary-backup layer on one node: a {@link NodeService} that executes requests while this
 * node is primary, and the {@link StateMachine} the node applies committed entries to.
 * <p>
 * Invariants, all on the node's thread:
 * <ul>
 *   <li>{@code epoch != 0} only while this node leads in term {@code epoch}; deltas are generated only
 *       once it has applied an entry of that term, so every delta of an older epoch that will ever
 *       commit is applied before its own first one (Raft's leader completeness);</li>
 *   <li>{@code speculative} holds, in log order, the deltas applied to the service but not yet
 *       committed; all have epoch {@code epoch} and indexes above the applied index;</li>
 *   <li>delivered deltas follow primary order: within an epoch counters are 1, 2, 3, ...; epochs never go
 *       back. Raft makes this so (a node holds a prefix of each leader's entries); the layer checks it on
 *       every delivery and stops the node rather than apply a delta out of order.</li>
 * </ul>
 */
final class PrimaryBackupLayer implements NodeService, StateMachine {
    private static final int SUBMISSIONS_PER_CYCLE = 256;

    private final PrimaryBackupService service;
    private final int maxSpeculativeDeltas;
    private final ManyToOneConcurrentArrayQueue<Submission> submissions;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Speculation> speculative = new ArrayDeque<>();
    private final ArrayDeque<ReadOnly> awaiting = new ArrayDeque<>();
    private final UnsafeBuffer requestView = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer deltaView = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer entryView = new UnsafeBuffer(new byte[0]);
    private long epoch;
    private long counter;
    private long deliveredEpoch;
    private long deliveredCounter;
    private long appliedIndex;
    private boolean replaying;
    private boolean snapshotWanted;

    record Submission(byte[] request, CompletableFuture<byte[]> response) {
    }

    private record Speculation(long index, byte[] delta) {
    }

    /** A request that changed nothing: answered once the state it read is committed and leadership confirmed. */
    private static final class ReadOnly {
        /** {@link #readIndex} before the ReadIndex round is asked for, and while it is under way. */
        static final long NOT_ASKED = -1;
        static final long ASKED = -2;

        final long speculativeIndex;
        final byte[] response;
        final CompletableFuture<byte[]> future;
        long readIndex = NOT_ASKED;

        ReadOnly(long speculativeIndex, byte[] response, CompletableFuture<byte[]> future) {
            this.speculativeIndex = speculativeIndex;
            this.response = response;
            this.future = future;
        }
    }

    PrimaryBackupLayer(PrimaryBackupService service, int maxSpeculativeDeltas, int submissionQueueCapacity) {
        this.service = service;
        this.maxSpeculativeDeltas = maxSpeculativeDeltas;
        this.submissions = new ManyToOneConcurrentArrayQueue<>(submissionQueueCapacity);
    }

    boolean offer(Submission submission) {
        return submissions.offer(submission);
    }

    void addListener(DeliveryListener listener) {
        listeners.add(listener);
    }

    // ---- NodeService: the primary's side ----

    @Override
    public void onRoleChange(NodeContext context, Role role, long term) {
        if (epoch != 0 && (role != Role.LEADER || term != epoch)) {
            rollBack(context);
        }
        if (role == Role.LEADER) {
            epoch = term;
            counter = 0;
        }
    }

    private void rollBack(NodeContext context) {
        epoch = 0;
        failAwaiting(new NotCommittedException("node " + context.nodeId() + " lost leadership before the read " +
            "could be confirmed; retry on the new primary"));
        if (speculative.isEmpty()) {
            return;
        }
        List<byte[]> discarded = new ArrayList<>(speculative.size());
        for (Iterator<Speculation> it = speculative.descendingIterator(); it.hasNext(); ) {
            discarded.add(it.next().delta());
        }
        speculative.clear();
        try {
            service.rollback(discarded, () -> {
                service.reset();
                deliveredEpoch = 0;
                deliveredCounter = 0;
                replaying = true;
                try {
                    context.replayCommitted(this);
                } finally {
                    replaying = false;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("node " + context.nodeId() + " could not roll its state back to the " +
                "committed prefix", e);
        }
    }

    @Override
    public int doWork(NodeContext context) {
        int work = answerReadOnly(context);
        if (epoch == 0) {
            return work + refuseAll(context);
        }
        if (!context.leaderReady()) {
            return work;
        }
        for (int i = 0; i < SUBMISSIONS_PER_CYCLE; i++) {
            if (speculative.size() >= maxSpeculativeDeltas || (snapshotWanted && !speculative.isEmpty())) {
                break;
            }
            Submission submission = submissions.poll();
            if (submission == null) {
                break;
            }
            execute(context, submission);
            work++;
        }
        return work;
    }

    private void execute(NodeContext context, Submission submission) {
        requestView.wrap(submission.request());
        PrimaryBackupService.Execution execution;
        try {
            execution = service.execute(requestView, 0, submission.request().length);
        } catch (RuntimeException e) {
            submission.response().completeExceptionally(e);
            return;
        }
        if (!execution.changesState()) {
            long lastSpeculative = speculative.isEmpty() ? 0 : speculative.peekLast().index();
            awaiting.add(new ReadOnly(lastSpeculative, execution.response(), submission.response()));
            return;
        }
        byte[] delta = execution.delta();
        byte[] entry = new byte[DeltaDescriptor.HEADER_LENGTH + delta.length];
        deltaView.wrap(delta);
        entryView.wrap(entry);
        DeltaDescriptor.write(entryView, epoch, counter + 1, deltaView, 0, delta.length);
        CompletableFuture<CommitResult> committed = new CompletableFuture<>();
        long index = context.propose(entry, committed);
        if (index == 0) {
            submission.response().completeExceptionally(context.notLeader());
            return;
        }
        counter++;
        service.apply(deltaView, 0, delta.length);
        speculative.addLast(new Speculation(index, delta));
        byte[] response = execution.response();
        committed.whenComplete((result, failure) -> {
            if (failure != null) {
                submission.response().completeExceptionally(failure);
            } else {
                submission.response().complete(response);
            }
        });
    }

    private int answerReadOnly(NodeContext context) {
        int work = 0;
        for (Iterator<ReadOnly> it = awaiting.iterator(); it.hasNext(); ) {
            ReadOnly read = it.next();
            if (read.readIndex == ReadOnly.NOT_ASKED) {
                read.readIndex = ReadOnly.ASKED;
                CompletableFuture<Long> confirmed = new CompletableFuture<>();
                if (!context.readIndex(confirmed)) {
                    it.remove();
                    read.future.completeExceptionally(context.notLeader());
                    continue;
                }
                confirmed.whenComplete((index, failure) -> {
                    if (failure != null) {
                        read.future.completeExceptionally(failure);
                    } else {
                        read.readIndex = index;
                    }
                });
                work++;
            }
            if (read.future.isDone()) {
                it.remove();
            } else if (read.readIndex >= 0 && context.appliedIndex() >= Math.max(read.readIndex, read.speculativeIndex)) {
                it.remove();
                read.future.complete(read.response);
                work++;
            }
        }
        return work;
    }

    private int refuseAll(NodeContext context) {
        int count = 0;
        Submission submission;
        while ((submission = submissions.poll()) != null) {
            submission.response().completeExceptionally(context.notLeader());
            count++;
        }
        return count;
    }

    private void failAwaiting(RuntimeException cause) {
        for (ReadOnly read : awaiting) {
            read.future.completeExceptionally(cause);
        }
        awaiting.clear();
    }

    @Override
    public void onClose() {
        IllegalStateException stopped = new IllegalStateException("the node stopped before the request completed");
        failAwaiting(stopped);
        Submission submission;
        while ((submission = submissions.poll()) != null) {
            submission.response().completeExceptionally(stopped);
        }
    }

    // ---- StateMachine: committed entries, on every replica ----

    @Override
    public byte[] apply(long index, DirectBuffer entry, int offset, int length) {
        DeltaDescriptor.check(index, entry, offset, length);
        long entryEpoch = DeltaDescriptor.epoch(entry, offset);
        long entryCounter = DeltaDescriptor.counter(entry, offset);
        checkPrimaryOrder(index, entryEpoch, entryCounter);
        int deltaOffset = offset + DeltaDescriptor.HEADER_LENGTH;
        int deltaLength = length - DeltaDescriptor.HEADER_LENGTH;
        Speculation own = speculative.peekFirst();
        if (own != null && own.index() == index) {
            // Applied when this primary generated it; committing it changes nothing.
            if (entryEpoch != epoch) {
                throw new IllegalStateException("the committed entry at index " + index + " has epoch " + entryEpoch +
                    " but this primary speculated on it in epoch " + epoch);
            }
            speculative.pollFirst();
        } else if (own != null && own.index() < index) {
            throw new IllegalStateException("the speculative delta at index " + own.index() +
                " was skipped by the committed log (now at " + index + ")");
        } else {
            service.apply(entry, deltaOffset, deltaLength);
        }
        deliveredEpoch = entryEpoch;
        deliveredCounter = entryCounter;
        appliedIndex = index;
        if (!replaying) {
            for (DeliveryListener listener : listeners) {
                listener.delivered(index, entryEpoch, entryCounter, entry, deltaOffset, deltaLength);
            }
        }
        return new byte[0];
    }

    private void checkPrimaryOrder(long index, long entryEpoch, long entryCounter) {
        boolean inOrder = entryEpoch == deliveredEpoch ? entryCounter == deliveredCounter + 1 :
            entryEpoch > deliveredEpoch && entryCounter == 1;
        if (!inOrder) {
            throw new IllegalStateException("primary order violated at index " + index + ": delta (epoch " + entryEpoch +
                ", counter " + entryCounter + ") follows (epoch " + deliveredEpoch + ", counter " + deliveredCounter + ")");
        }
    }

    /**
     * The snapshot is a header — the index of the last delta it holds, and that delta's (epoch,
     * counter), so delivery order can be checked across it — then the service's bytes. Null while
     * speculative deltas are applied: the state is then ahead of the committed log. */
    @Override
    public SnapshotView snapshot() {
        if (!speculative.isEmpty()) {
            snapshotWanted = true;
            return null;
        }
        snapshotWanted = false;
        SnapshotView view = service.snapshot();
        long snapshotIndex = appliedIndex;
        long snapshotEpoch = deliveredEpoch;
        long snapshotCounter = deliveredCounter;
        return out -> {
            DataOutputStream header = new DataOutputStream(out);
            header.writeLong(snapshotIndex);
            header.writeLong(snapshotEpoch);
            header.writeLong(snapshotCounter);
            header.flush();
            view.writeTo(out);
        };
    }

    @Override
    public void restore(InputStream snapshot) throws IOException {
        DataInputStream header = new DataInputStream(snapshot);
        long snapshotIndex = header.readLong();
        long snapshotEpoch = header.readLong();
        long snapshotCounter = header.readLong();
        service.restore(snapshot);
        appliedIndex = snapshotIndex;
        deliveredEpoch = snapshotEpoch;
        deliveredCounter = snapshotCounter;
        if (!replaying) {
            for (DeliveryListener listener : listeners) {
                listener.restored(snapshotIndex, snapshotEpoch, snapshotCounter);
            }
        }
    }
}

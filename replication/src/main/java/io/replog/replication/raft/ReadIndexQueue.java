package io.replog.replication.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-index requests waiting for a quorum of heartbeat acknowledgements (Raft thesis 6.4).
 * A request records the commit index when it arrived; once a majority acknowledges a heartbeat
 * sent after it, the leader was still leader at that moment, so reading at that commit index is
 * linearizable. Requests are confirmed in arrival order: confirming one confirms all before it.
 */
final class ReadIndexQueue {
    private static final class Request {
        final long context;
        final long index;
        final Set<Integer> acks = new HashSet<>();

        Request(long context, long index) {
            this.context = context;
            this.index = index;
        }
    }

    private final ArrayDeque<Request> pending = new ArrayDeque<>();
    /** Requests received before this leader committed an entry of its own term; they wait for it. */
    private final List<Long> waitingForTermCommit = new ArrayList<>();

    void add(long context, long commitIndex, int selfId) {
        Request request = new Request(context, commitIndex);
        request.acks.add(selfId);
        pending.addLast(request);
    }

    void deferUntilTermCommit(long context) {
        waitingForTermCommit.add(context);
    }

    boolean hasDeferred() {
        return !waitingForTermCommit.isEmpty();
    }

    List<Long> drainDeferred() {
        if (waitingForTermCommit.isEmpty()) {
            return List.of();
        }
        List<Long> contexts = new ArrayList<>(waitingForTermCommit);
        waitingForTermCommit.clear();
        return contexts;
    }

    long latestContext() {
        return pending.isEmpty() ? Message.NO_CONTEXT : pending.peekLast().context;
    }

    /** Records an acknowledgement; moves every request confirmed by it into {@code out}. */
    void acknowledge(int fromId, long context, int quorumCount, List<ReadState> out) {
        Request match = null;
        for (Request request : pending) {
            if (request.context == context) {
                match = request;
                break;
            }
        }
        if (match == null) {
            return;
        }
        match.acks.add(fromId);
        if (match.acks.size() < quorumCount) {
            return;
        }
        while (!pending.isEmpty()) {
            Request request = pending.pollFirst();
            out.add(new ReadState(request.index, request.context));
            if (request == match) {
                break;
            }
        }
    }

    void clear() {
        pending.clear();
        waitingForTermCommit.clear();
    }

    int size() {
        return pending.size() + waitingForTermCommit.size();
    }
}

package io.replog.replication.pb;

import io.replog.replication.StateMachine;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The application replicated by replog in the primary-backup style (as ZooKeeper's Zab): the
 * primary executes each request first — it may read the clock, draw random numbers, check
 * conditions — and the replicas share only the resulting state delta ({@code y = 2}, not
 * {@code y++}). Unlike a {@link StateMachine}, requests need not be deterministic; deltas must be:
 * applying the same deltas in the same order from the same state gives the same state.
 * <p>
 * Every method is called from the node's thread. The layer guarantees that {@link #apply} sees
 * deltas exactly in the primary's generation order, each once, from the primary's initial state;
 * on the primary some of them are speculative (not yet committed) and are taken back through
 * {@link #rollback} when it loses leadership.
 */
public interface PrimaryBackupService {
    /**
     * On the primary only: decides what {@code request} does to the current state, which includes the
     * primary's speculative deltas. Must not change the state itself: the layer applies the returned
     * delta through {@link #apply}.
     */
    Execution execute(DirectBuffer request, int offset, int length);

    /** Applies a delta produced by {@link #execute} (here or on the primary). Deterministic. */
    void apply(DirectBuffer delta, int offset, int length);

    /** Returns to the primary's initial state (before any delta). */
    void reset();

    /** A consistent view of the state, to be written on another thread (see {@link StateMachine#snapshot()}). */
    StateMachine.SnapshotView snapshot();

    /** Replaces the whole state by one written by a {@link #snapshot()} view. */
    void restore(InputStream snapshot) throws IOException;

    /**
     * Takes back the speculative deltas of a primary that lost leadership, so that the state is the
     * committed one again. The default resets and reloads the newest snapshot and the committed log
     * ({@code reload}); an application that can undo its deltas may do so instead.
     *
     * @param discarded the uncommitted deltas, newest first (they may still commit later: they are then
     *                  applied again, in order, like any committed delta).
     */
    default void rollback(List<byte[]> discarded, Reload reload) throws IOException {
        reload.run();
    }

    /** What a request does: the delta to replicate (null or empty when it changes nothing) and the answer. */
    record Execution(byte[] delta, byte[] response) {
        public static Execution readOnly(byte[] response) {
            return new Execution(null, response);
        }

        boolean changesState() {
            return delta != null && delta.length > 0;
        }
    }

    /** Resets the state and replays the newest snapshot and the committed log into it. */
    @FunctionalInterface
    interface Reload {
        void run() throws IOException;
    }
}

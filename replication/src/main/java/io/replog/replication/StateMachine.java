package io.replog.replication;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The application replicated by replog in the state-machine-replication style: every replica
 * applies the same committed commands in the same order, so commands must be deterministic (no
 * clock, no randomness, no iteration over unordered collections that could differ between JVMs).
 * <p>
 * All three methods are called from one thread, in log order. A snapshot is taken in two steps so
 * that appends and applies never wait for it: {@link #snapshot()} captures a consistent view on the
 * applying thread (cheaply: an immutable copy or a persistent structure), and the view writes its
 * bytes later, on another thread.
 * <p>
 * Offline tools (such as {@code replog snapshot create}) instantiate the class through a public
 * no-argument constructor.
 */
public interface StateMachine {
    /**
     * Applies the committed command at {@code index}.
     *
     * @param command valid only during the call.
     * @return the result to answer the proposing client with (empty when there is nothing to say).
     */
    byte[] apply(long index, DirectBuffer command, int offset, int length);

    /**
     * A consistent view of the state as of the last applied index, to be written on another thread; or
     * null when the state is ahead of the applied index right now (a primary's speculative state), and
     * the node tries again later.
     */
    SnapshotView snapshot();

    /** Replaces the whole state by the one a snapshot written by {@link SnapshotView#writeTo} holds. */
    void restore(InputStream snapshot) throws IOException;

    /** State captured by {@link #snapshot()}; must not change when the state machine goes on applying. */
    @FunctionalInterface
    interface SnapshotView {
        void writeTo(OutputStream out) throws IOException;
    }
}

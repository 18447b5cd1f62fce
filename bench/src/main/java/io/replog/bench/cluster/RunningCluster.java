package io.replog.bench.cluster;

/**
 * A started cluster and its client, owned by one load thread: it sends commands and reports each
 * acknowledgement to the {@link CommitTracker} it was sent with. Closing stops every node.
 */
interface RunningCluster extends AutoCloseable {
    /**
     * Sends command {@code sequence} of {@code tracker}'s round.
     *
     * @return false when the system pushes back; the load thread polls and tries again.
     */
    boolean trySend(int sequence, CommitTracker tracker);

    /** The client's own receive work, for clients whose acknowledgements are messages to poll; 0 if none. */
    int poll();

    /**
     * Whether acknowledgements reach the {@link CommitTracker} on the system's own threads (a listener, a
     * future's callback), so that the load thread, with nothing to send, may sleep until one does; false for
     * a client that must poll for them ({@link #poll}).
     */
    default boolean acknowledgesOnItsOwnThreads() {
        return false;
    }

    /** What the system warned about while running (and survived), or null. */
    default String warnings() {
        return null;
    }

    @Override
    void close();
}

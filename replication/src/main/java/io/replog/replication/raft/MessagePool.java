package io.replog.replication.raft;

/**
 * The messages a core has handed out and its host has given back ({@link RaftNode#recycle(Message)}), to be
 * filled again: a bounded stack, so a host that recycles what it got allocates no message in steady state.
 * <p>
 * In poisoning mode a recycled message is marked and never handed out again: a host that reads one it gave
 * back fails at that read ({@link Message} refuses to be read once recycled), where with reuse it would
 * silently see a later message's fields. The core turns the mode on when assertions are enabled, as they are
 * in every test and simulator run from Maven; production reuses. Both modes behave the same otherwise.
 * <p>
 * Invariants: {@code 0 <= count <= free.length}; every message in {@code free[0, count)} is recycled and
 * appears once.
 */
final class MessagePool {
    /** Messages kept for reuse; a host that gives back more than this in one go lets the rest be collected. */
    static final int CAPACITY = 1024;

    private final Message[] free;
    private final boolean poisoning;
    private int count;

    MessagePool(int capacity, boolean poisoning) {
        this.free = new Message[capacity];
        this.poisoning = poisoning;
    }

    /** A message to fill with one of its {@code as...} setters (which write every field). */
    Message take() {
        if (count == 0) {
            return new Message();
        }
        Message m = free[--count];
        free[count] = null;
        return m;
    }

    /** Gives {@code m} back; throws if it was given back already and not handed out since. */
    void recycle(Message m) {
        if (!m.markRecycled()) {
            throw new IllegalStateException("message recycled twice: " + m + "; it would have two owners");
        }
        if (!poisoning && count < free.length) {
            free[count++] = m;
        }
    }

    void checkInvariants(int nodeId) {
        for (int i = 0; i < count; i++) {
            if (!free[i].isRecycled()) {
                throw new IllegalStateException("node " + nodeId + ": a message in the pool is in use: " + free[i]);
            }
        }
    }
}

package io.replog.replication.node;

import io.replog.replication.transport.DatagramReadiness;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Wakes the node's thread when work arrives that it cannot poll for: the log's durable index moved
 * (this is the log's durability listener, called on its group-commit thread) or an application thread
 * queued a request. The node's thread may be parked by its idle strategy; without this the wait would
 * end only with the strategy's next wake-up, up to its longest park, on every commit. A node thread that
 * sleeps until a datagram arrives ({@link NodeIdleStrategy}) is woken through its {@link DatagramReadiness}.
 */
final class NodeWakeup implements LongConsumer {
    private volatile Thread nodeThread;
    private volatile DatagramReadiness readiness;

    /** The node's thread sleeps on this (null: it parks). */
    void readiness(DatagramReadiness readiness) {
        this.readiness = readiness;
    }

    /** Called on the node's thread when it starts. */
    void nodeThread(Thread thread) {
        nodeThread = thread;
    }

    @Override
    public void accept(long durableIndex) {
        wake();
    }

    void wake() {
        DatagramReadiness sleepingOn = readiness;
        if (sleepingOn != null) {
            sleepingOn.wake();
            return;
        }
        Thread thread = nodeThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}

package io.replog.replication.node;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The log's durability listener: called on its group-commit thread each time the durable index moves,
 * it unparks the node's thread, which may be idling while it waits for a Ready to become durable, so
 * that the wait ends with the force and not with the idle strategy's next wake-up.
 */
final class DurableWakeup implements LongConsumer {
    private volatile Thread nodeThread;

    /** Called on the node's thread when it starts. */
    void nodeThread(Thread thread) {
        nodeThread = thread;
    }

    @Override
    public void accept(long durableIndex) {
        Thread thread = nodeThread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}

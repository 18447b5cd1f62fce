package io.replog.replication.node;

import io.replog.replication.transport.DatagramReadiness;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How the node's thread waits after a duty cycle that found nothing to do. When the driver runs on this
 * thread it sleeps until a datagram reaches one of the driver's sockets ({@link DatagramReadiness}),
 * {@link NodeWakeup} is called (an application's command, the log's durable index), or at the latest
 * {@link #MAX_SLEEP_MS} pass (the clock's ticks, the driver's own timers). Otherwise (the driver runs
 * elsewhere) it spins, yields and parks, backing off to 200 us, and sees a datagram when the park ends.
 * <p>
 * No spinning or yielding before the sleep: an idle duty cycle runs the driver (a {@code recvfrom} per
 * socket), so spinning costs a core's worth of system calls, and on two cores a yielding node hands
 * the CPU to another node that has nothing to do either. Three idle nodes on this machine took 0.45
 * CPUs with the backoff strategy and take 0.13 with this one ({@code IdleCpuProbe}).
 */
final class NodeIdleStrategy implements IdleStrategy {
    static final long MAX_SLEEP_MS = 1;

    private final DatagramReadiness readiness;
    private final long maxSleepMs;
    private final IdleStrategy parking = new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MICROSECONDS.toNanos(200));

    NodeIdleStrategy(DatagramReadiness readiness) {
        this(readiness, MAX_SLEEP_MS);
    }

    /** With a longest sleep other than {@link #MAX_SLEEP_MS}: for tests. */
    NodeIdleStrategy(DatagramReadiness readiness, long maxSleepMs) {
        this.readiness = readiness;
        this.maxSleepMs = maxSleepMs;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (readiness == null) {
            parking.idle();
        } else {
            readiness.await(maxSleepMs);
        }
    }

    @Override
    public void reset() {
        parking.reset();
    }

    @Override
    public String alias() {
        return readiness == null ? "node-backoff" : "node-datagram-wait";
    }
}

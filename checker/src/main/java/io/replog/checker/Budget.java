package io.replog.checker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How long a check may search before it answers {@link Verdict#UNKNOWN}: a wall-clock timeout and a
 * cap on the memory of the visited-state cache, which grows with every state the search reaches.
 * Deciding linearizability is NP-complete, so a hard history can take forever or fill the heap; a
 * budget turns that into an honest "unknown" instead of a hang or an {@code OutOfMemoryError}.
 *
 * @param timeout       wall-clock time for the whole history, all keys together
 * @param maxCacheBytes estimated bytes of cached (operations linearized, state) pairs, over all keys
 */
public record Budget(Duration timeout, long maxCacheBytes) {
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

    public Budget {
        if (timeout.isNegative() || maxCacheBytes < 0) {
            throw new IllegalArgumentException("a budget must not be negative: " + timeout + ", " + maxCacheBytes);
        }
    }

    /** Half of the heap this JVM may grow to: the rest is for the history and the search itself. */
    public static long defaultMaxCacheBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** No timeout, and the default cache limit (so the search still cannot run out of memory). */
    public static Budget unlimited() {
        return new Budget(FOREVER, defaultMaxCacheBytes());
    }

    public static Budget ofTimeout(Duration timeout) {
        return new Budget(timeout, defaultMaxCacheBytes());
    }

    /** Starts spending this budget now, as told by {@code nanoClock}. */
    Meter start(LongSupplier nanoClock) {
        return new Meter(nanoClock, nanoClock.getAsLong(), timeout.toNanos(), maxCacheBytes);
    }

    /**
     * The budget being spent by one check, shared by the searches of its keys, which may run on
     * several threads: the totals are atomic and exhaustion, once seen, is seen by all.
     */
    static final class Meter {
        /** Reading the clock costs; a search looks at it once every this many steps. */
        static final int STEPS_PER_CLOCK_READ = 1024;

        private final LongSupplier nanoClock;
        private final long startNs;
        private final long timeoutNs;
        private final long maxCacheBytes;
        private final AtomicLong cacheBytes = new AtomicLong();
        private final AtomicLong visitedStates = new AtomicLong();
        private volatile boolean exhausted;

        Meter(LongSupplier nanoClock, long startNs, long timeoutNs, long maxCacheBytes) {
            this.nanoClock = nanoClock;
            this.startNs = startNs;
            this.timeoutNs = timeoutNs;
            this.maxCacheBytes = maxCacheBytes;
        }

        /** Counts one newly cached visited state of {@code visitBytes}. */
        void visited(long visitBytes) {
            visitedStates.incrementAndGet();
            if (cacheBytes.addAndGet(visitBytes) > maxCacheBytes) {
                exhausted = true;
            }
        }

        /** Reads the clock; the budget is exhausted once the timeout has passed. */
        void checkClock() {
            if (nanoClock.getAsLong() - startNs > timeoutNs) {
                exhausted = true;
            }
        }

        boolean exhausted() {
            return exhausted;
        }

        long elapsedNs() {
            return nanoClock.getAsLong() - startNs;
        }

        long visitedStates() {
            return visitedStates.get();
        }
    }
}

package io.replog.checker;

import java.time.Duration;
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

    /** The budget being spent by one check; not thread-safe. */
    static final class Meter {
        /** Reading the clock costs; look at it once every this many search steps. */
        private static final int STEPS_PER_CLOCK_READ = 1024;

        private final LongSupplier nanoClock;
        private final long startNs;
        private final long timeoutNs;
        private final long maxCacheBytes;
        private long cacheBytes;
        private long visitedStates;
        private int stepsSinceClockRead;
        private boolean exhausted;

        Meter(LongSupplier nanoClock, long startNs, long timeoutNs, long maxCacheBytes) {
            this.nanoClock = nanoClock;
            this.startNs = startNs;
            this.timeoutNs = timeoutNs;
            this.maxCacheBytes = maxCacheBytes;
        }

        /**
         * Counts one search step, which cached a new visited state of {@code visitBytes} (0 when it
         * cached nothing); says whether the budget is spent.
         */
        boolean exhaustedAfterStep(long visitBytes) {
            if (visitBytes > 0) {
                visitedStates++;
                cacheBytes += visitBytes;
                if (cacheBytes > maxCacheBytes) {
                    exhausted = true;
                }
            }
            if (++stepsSinceClockRead >= STEPS_PER_CLOCK_READ) {
                stepsSinceClockRead = 0;
                if (nanoClock.getAsLong() - startNs > timeoutNs) {
                    exhausted = true;
                }
            }
            return exhausted;
        }

        boolean exhausted() {
            return exhausted;
        }

        long elapsedNs() {
            return nanoClock.getAsLong() - startNs;
        }

        long visitedStates() {
            return visitedStates;
        }
    }
}

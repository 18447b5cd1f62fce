package io.replog.checker;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a check may search before it answers {@link Verdict#UNKNOWN}: a wall-clock timeout and a
 * cap on visited states (the cache is the memory the search uses). Deciding linearizability is
 * NP-complete, so a hard history can take forever; a budget turns that into an honest "unknown".
 *
 * @param timeout          wall-clock time for the whole history, all keys together
 * @param maxVisitedStates (operations linearized, state) pairs cached over all keys
 */
public record Budget(Duration timeout, long maxVisitedStates) {
    /** Enough for any history worth checking on a laptop without running out of a 1 GB heap. */
    public static final long DEFAULT_MAX_VISITED_STATES = 5_000_000L;

    public Budget {
        if (timeout.isNegative() || maxVisitedStates < 0) {
            throw new IllegalArgumentException("a budget must not be negative: " + timeout + ", " + maxVisitedStates);
        }
    }

    public static Budget unlimited() {
        return new Budget(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L), Long.MAX_VALUE);
    }

    public static Budget ofTimeout(Duration timeout) {
        return new Budget(timeout, DEFAULT_MAX_VISITED_STATES);
    }

    /** Starts spending this budget now, as told by {@code nanoClock}. */
    Meter start(LongSupplier nanoClock) {
        return new Meter(nanoClock, nanoClock.getAsLong(), timeout.toNanos(), maxVisitedStates);
    }

    /** The budget being spent by one check; not thread-safe. */
    static final class Meter {
        /** Reading the clock costs; look at it once every this many search steps. */
        private static final int STEPS_PER_CLOCK_READ = 1024;

        private final LongSupplier nanoClock;
        private final long startNs;
        private final long timeoutNs;
        private final long maxVisitedStates;
        private long visitedStates;
        private int stepsSinceClockRead;
        private boolean exhausted;

        Meter(LongSupplier nanoClock, long startNs, long timeoutNs, long maxVisitedStates) {
            this.nanoClock = nanoClock;
            this.startNs = startNs;
            this.timeoutNs = timeoutNs;
            this.maxVisitedStates = maxVisitedStates;
        }

        /** Counts one search step and one visited state if {@code visited}; says whether the budget is spent. */
        boolean exhaustedAfterStep(boolean visited) {
            if (visited && ++visitedStates > maxVisitedStates) {
                exhausted = true;
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

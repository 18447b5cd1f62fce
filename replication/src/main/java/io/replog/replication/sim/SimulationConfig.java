package io.replog.replication.sim;

/**
 * What `replog simulate` passes for one run; with the seed it determines the run exactly.
 *
 * @param seed         the only source of randomness for the whole run.
 * @param nodeCount    cluster size (3 and 5 are the interesting ones).
 * @param steps        events to process (one step = one delivery, tick, disk completion, fault, ...).
 * @param profile      how the run's knobs (delays, fault rates, timeouts) are chosen, see {@link Knobs}.
 * @param coreFactory  builds each node's core; tests pass deliberately broken ones.
 */
public record SimulationConfig(long seed, int nodeCount, long steps, Profile profile, RaftCore.Factory coreFactory) {
    /** How the knobs of a run are chosen. */
    public enum Profile {
        /** The same moderate knobs for every seed. */
        STANDARD,
        /** Knobs drawn from the seed (swarm testing): some seeds are calm, some are very hostile. */
        SWARM
    }

    public SimulationConfig {
        if (nodeCount < 1 || nodeCount > 9) {
            throw new IllegalArgumentException("nodeCount must be between 1 and 9, not " + nodeCount);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative, not " + steps);
        }
    }

    /** The configuration `replog simulate` uses: swarm knobs, the real core. */
    public static SimulationConfig defaults(long seed, int nodeCount, long steps) {
        return new SimulationConfig(seed, nodeCount, steps, Profile.SWARM, RaftCore.REAL);
    }

    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(newSeed, nodeCount, steps, profile, coreFactory);
    }

    public SimulationConfig withProfile(Profile newProfile) {
        return new SimulationConfig(seed, nodeCount, steps, newProfile, coreFactory);
    }

    public SimulationConfig withCoreFactory(RaftCore.Factory factory) {
        return new SimulationConfig(seed, nodeCount, steps, profile, factory);
    }
}

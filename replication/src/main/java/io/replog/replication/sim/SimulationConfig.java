package io.replog.replication.sim;

/**
 * Everything that shapes one simulated run; together with the seed it determines the run exactly.
 * Times are simulated milliseconds; the cores tick every {@code tickMs}.
 *
 * @param seed                    the only source of randomness for the whole run.
 * @param nodeCount               cluster size (3 or 5 are the interesting ones).
 * @param steps                   events to process (one step = one delivery, tick, fault, ...).
 * @param tickMs                  period of each node's tick.
 * @param electionTimeoutTicks    base election timeout of the cores.
 * @param maxNetworkDelayMs       message delay is uniform in [1, maxNetworkDelayMs], plus rare long delays.
 * @param dropPercent             chance a message is lost.
 * @param duplicatePercent        chance a message is delivered twice.
 * @param maxDiskSyncMs           persistence of a Ready completes after [1, maxDiskSyncMs].
 * @param meanFaultIntervalMs     mean time between injected faults (crash, partition, flap, heal).
 * @param proposalIntervalMs      mean time between client bursts.
 * @param maxProposalBurst        proposals per burst (many in flight at once).
 * @param snapshotEveryEntries    a node snapshots and compacts when it applied this many entries past its snapshot.
 * @param coreFactory             builds each node's core; tests pass deliberately broken ones.
 */
public record SimulationConfig(
    long seed,
    int nodeCount,
    long steps,
    int tickMs,
    int electionTimeoutTicks,
    int maxNetworkDelayMs,
    int dropPercent,
    int duplicatePercent,
    int maxDiskSyncMs,
    int meanFaultIntervalMs,
    int proposalIntervalMs,
    int maxProposalBurst,
    int snapshotEveryEntries,
    RaftCore.Factory coreFactory) {

    public SimulationConfig {
        if (nodeCount < 1 || nodeCount > 9) {
            throw new IllegalArgumentException("nodeCount must be between 1 and 9, not " + nodeCount);
        }
        if (steps < 0 || tickMs < 1 || maxNetworkDelayMs < 1 || maxDiskSyncMs < 1) {
            throw new IllegalArgumentException("steps, tickMs, maxNetworkDelayMs and maxDiskSyncMs must be positive");
        }
    }

    /** A fault-heavy default: 10 ms ticks, 10-tick timeouts, 5% drops, 2% duplicates, a fault every ~300 ms. */
    public static SimulationConfig defaults(long seed, int nodeCount, long steps) {
        return new SimulationConfig(seed, nodeCount, steps, 10, 10, 15, 5, 2, 8, 300, 20, 8, 40, RaftCore.REAL);
    }

    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(newSeed, nodeCount, steps, tickMs, electionTimeoutTicks, maxNetworkDelayMs, dropPercent,
            duplicatePercent, maxDiskSyncMs, meanFaultIntervalMs, proposalIntervalMs, maxProposalBurst, snapshotEveryEntries, coreFactory);
    }

    public SimulationConfig withCoreFactory(RaftCore.Factory factory) {
        return new SimulationConfig(seed, nodeCount, steps, tickMs, electionTimeoutTicks, maxNetworkDelayMs, dropPercent,
            duplicatePercent, maxDiskSyncMs, meanFaultIntervalMs, proposalIntervalMs, maxProposalBurst, snapshotEveryEntries, factory);
    }

    public SimulationConfig withFaults(int newDropPercent, int newDuplicatePercent, int newMeanFaultIntervalMs) {
        return new SimulationConfig(seed, nodeCount, steps, tickMs, electionTimeoutTicks, maxNetworkDelayMs, newDropPercent,
            newDuplicatePercent, maxDiskSyncMs, newMeanFaultIntervalMs, proposalIntervalMs, maxProposalBurst, snapshotEveryEntries, coreFactory);
    }

    public SimulationConfig withDiskSyncMs(int newMaxDiskSyncMs) {
        return new SimulationConfig(seed, nodeCount, steps, tickMs, electionTimeoutTicks, maxNetworkDelayMs, dropPercent,
            duplicatePercent, newMaxDiskSyncMs, meanFaultIntervalMs, proposalIntervalMs, maxProposalBurst, snapshotEveryEntries, coreFactory);
    }
}

package io.replog.replication.sim;

import java.util.Random;

/**
 * The tunable intensities of one run. Times are simulated milliseconds; cores tick every
 * {@code tickMs}. Under {@link SimulationConfig.Profile#SWARM} each seed draws its own knobs, which
 * finds more bugs than one fixed mix (swarm testing): a seed with a slow disk and frequent crashes
 * exposes durability bugs, one with short timeouts and a lossy network exposes election bugs.
 *
 * @param tickMs                 period of each node's tick.
 * @param electionTimeoutTicks   base election timeout of the cores (heartbeat: 1 tick).
 * @param maxNetworkDelayMs      message delay is uniform in [1, maxNetworkDelayMs], plus rare long delays.
 * @param dropPercent            chance a message is lost.
 * @param duplicatePercent       chance a message is delivered twice.
 * @param maxDiskSyncMs          persisting a Ready completes after [1, maxDiskSyncMs].
 * @param meanFaultIntervalMs    mean time between injected faults.
 * @param maxDowntimeMs          a crashed node restarts after [1, maxDowntimeMs].
 * @param proposalIntervalMs     mean time between client bursts.
 * @param maxProposalBurst       proposals per burst (many in flight at once).
 * @param snapshotEveryEntries   a node snapshots and compacts after applying this many entries past its snapshot.
 * @param maxEntriesPerAppend    AppendEntries batch size.
 * @param maxInflightAppends     per-follower pipeline depth (appends).
 * @param maxInflightBytes       per-follower pipeline depth (payload bytes, 0 = unbounded).
 * @param preVote                cores run the pre-vote phase.
 * @param checkQuorum            cores run check-quorum and honour leader leases.
 * @param serveRetainedEntries   logs serve the entries they keep below their snapshot (else they start after it).
 * @param snapshotInflightBytes  per-follower window of snapshot bytes not yet acknowledged (chunks are 10 bytes).
 * @param snapshotBytesPerTick   a leader's snapshot byte budget per tick (0 = unbounded).
 */
public record Knobs(
    int tickMs,
    int electionTimeoutTicks,
    int maxNetworkDelayMs,
    int dropPercent,
    int duplicatePercent,
    int maxDiskSyncMs,
    int meanFaultIntervalMs,
    int maxDowntimeMs,
    int proposalIntervalMs,
    int maxProposalBurst,
    int snapshotEveryEntries,
    int maxEntriesPerAppend,
    int maxInflightAppends,
    long maxInflightBytes,
    boolean preVote,
    boolean checkQuorum,
    boolean serveRetainedEntries,
    long snapshotInflightBytes,
    long snapshotBytesPerTick) {

    public static Knobs standard() {
        return new Knobs(10, 10, 15, 5, 2, 8, 300, 1500, 20, 8, 40, 16, 8, 0, true, true, true, 30, 0);
    }

    /** Draws knobs from {@code random} (seeded from the run's seed, so a seed replays its knobs). */
    public static Knobs swarm(Random random) {
        return new Knobs(
            10,
            5 + random.nextInt(16),
            1 + random.nextInt(random.nextBoolean() ? 10 : 40),
            random.nextInt(4) == 0 ? 0 : random.nextInt(20),
            random.nextInt(10),
            1 + random.nextInt(random.nextBoolean() ? 5 : 60),
            50 + random.nextInt(random.nextBoolean() ? 300 : 1500),
            1 + random.nextInt(random.nextBoolean() ? 100 : 2000),
            2 + random.nextInt(40),
            1 + random.nextInt(20),
            5 + random.nextInt(100),
            1 + random.nextInt(16),
            1 + random.nextInt(16),
            random.nextBoolean() ? 0 : 8L * (1 + random.nextInt(64)),
            random.nextInt(4) != 0,
            random.nextInt(4) != 0,
            random.nextBoolean(),
            10L * (1 + random.nextInt(4)),
            random.nextBoolean() ? 0 : 10L * (1 + random.nextInt(3)));
    }

    static Knobs of(SimulationConfig config) {
        return config.profile() == SimulationConfig.Profile.SWARM
            ? swarm(new Random(config.seed() ^ 0x5DEECE66DL))
            : standard();
    }
}

package io.replog.replication.sim;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many seeds of the real core under swarm faults, alternating 3 and 5 nodes. The count comes from
 * {@code -Dreplog.sim.seeds} (the pom runs a few hundred; {@code -Psim-long} tens of thousands).
 */
class SimulationSeedsTest {
    private static final int SEEDS = Integer.getInteger("replog.sim.seeds", 200);
    private static final long STEPS = Long.getLong("replog.sim.steps", 20_000);
    private static final long FIRST_SEED = Long.getLong("replog.sim.firstSeed", 1_000);

    @Test
    void everySeedKeepsEveryInvariant() {
        Map<String, Long> faults = new TreeMap<>();
        long steps = 0;
        long wallNanos = 0;
        long snapshotsInstalled = 0;
        int productiveRuns = 0;
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
            RunResult result = Simulation.run(SimulationConfig.defaults(seed, seed % 2 == 0 ? 3 : 5, STEPS));
            if (!result.ok()) {
                fail(result.violations().get(0).describe());
            }
            result.faults().forEach((kind, count) -> faults.merge(kind, count, Long::sum));
            steps += result.steps();
            wallNanos += result.wallNanos();
            snapshotsInstalled += result.snapshotsInstalled();
            productiveRuns += result.delivered() >= 20 && result.leaderChanges() >= 1 ? 1 : 0;
        }
        System.out.printf("%d seeds from %d, %d steps, %.0f steps/s, %d snapshots installed, faults %s%n",
            SEEDS, FIRST_SEED, steps, steps * 1e9 / wallNanos, snapshotsInstalled, faults);
        // Safety is only meaningful if the runs did something: most must elect, commit and deliver.
        assertTrue(productiveRuns >= SEEDS * 8 / 10, "only " + productiveRuns + " of " + SEEDS + " runs delivered 20 proposals");
        if (SEEDS < 100) {
            return; // too few runs to expect every kind of fault (e.g. a quick -Dreplog.sim.seeds=5)
        }
        assertTrue(snapshotsInstalled > 0, "no run repaired a follower by snapshot install");
        for (String kind : new String[] {"crash", "crash-torn-write", "crash-all", "partition", "isolate-leader", "asymmetric", "flap",
            "heal", "drop", "duplicate", "long-delay", "transfer-leadership", "fsync-failure", "fail-stop", "back-pressure",
            "crash-random-sectors", "disk-full", "bit-flip", "corruption-detected"}) {
            assertTrue(faults.getOrDefault(kind, 0L) > 0, "no fault of kind " + kind + " was injected in " + SEEDS + " seeds: " + faults);
        }
    }
}

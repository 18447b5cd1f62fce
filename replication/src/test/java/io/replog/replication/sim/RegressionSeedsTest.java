package io.replog.replication.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds that once found a bug, replayed forever. Add the seed and what it found. */
class RegressionSeedsTest {
    @Test
    void seed201246TornCrashKeptAnEntryNewerThanTheHardState() {
        RunResult result = Simulation.run(SimulationConfig.defaults(201_246, 3, 20_000));
        assertTrue(result.ok(), () -> result.violations().get(0).describe());
        assertTrue(result.commits() > 100, "the run must get past the crash and keep committing: " + result.describe());
    }
}

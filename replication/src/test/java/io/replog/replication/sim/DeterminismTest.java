package io.replog.replication.sim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DeterminismTest {
    @Test
    void sameSeedReplaysTheSameRun() {
        for (long seed : new long[] {7, 42, 1_000_003}) {
            SimulationConfig config = SimulationConfig.defaults(seed, seed % 2 == 0 ? 3 : 5, 10_000);
            RunResult first = Simulation.run(config);
            RunResult second = Simulation.run(config);
            assertEquals(first.traceHash(), second.traceHash(), "seed " + seed + ": trace hashes differ, the simulation is not deterministic");
            assertEquals(first.commits(), second.commits(), "seed " + seed);
            assertEquals(first.faults(), second.faults(), "seed " + seed);
            assertEquals(first.snapshotsInstalled(), second.snapshotsInstalled(), "seed " + seed);
        }
    }

    @Test
    void differentSeedsTakeDifferentPaths() {
        RunResult a = Simulation.run(SimulationConfig.defaults(1, 3, 5_000));
        RunResult b = Simulation.run(SimulationConfig.defaults(2, 3, 5_000));
        assertNotEquals(a.traceHash(), b.traceHash(), "two seeds produced the same trace: the seed is not reaching the simulation");
    }

    @Test
    void aViolationReplaysAtTheSameStepWithTheSameTrace() {
        SimulationConfig config = SimulationConfig.defaults(16, 3, 20_000).withCoreFactory(BrokenCores.VOTE_NOT_PERSISTED);
        RunResult first = Simulation.run(config);
        RunResult second = Simulation.run(config);
        assertFalse(first.ok(), "seed 16 with votes not persisted was expected to break election safety");
        assertEquals(first.violations().get(0).step(), second.violations().get(0).step());
        assertEquals(first.violations().get(0).trace(), second.violations().get(0).trace());
        assertEquals(first.traceHash(), second.traceHash());
    }

    private static void assertTrue(boolean condition, String message) {
        org.junit.jupiter.api.Assertions.assertTrue(condition, message);
    }
}

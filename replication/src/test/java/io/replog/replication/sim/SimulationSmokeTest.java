package io.replog.replication.sim;

import org.junit.jupiter.api.Test;

class SimulationSmokeTest {
    @Test
    void smoke() {
        for (long seed = 1; seed <= 20; seed++) {
            RunResult result = Simulation.run(SimulationConfig.defaults(seed, seed % 2 == 0 ? 3 : 5, 20_000));
            System.out.println(result.describe());
            if (!result.ok()) {
                System.out.println(result.violations().get(0).describe());
            }
        }
    }
}

package io.replog.replication.sim;

import io.replog.replication.raft.CommitByCountCore;
import io.replog.replication.raft.ConsequenceBrokenCores;
import io.replog.replication.raft.RecyclingBrokenCores;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proof that the simulator's checkers bite: each deliberately broken core (test scope only) must
 * be caught within a bounded number of seeds. The bounds are generous multiples of what the
 * current simulator needs, so a weakened checker or a tamer fault mix makes these tests fail.
 */
class CheckersBiteTest {
    private static final long STEPS = 20_000;

    @Test
    void replyBeforePersistIsCaught() {
        assertCaught("reply before persist", BrokenCores.REPLY_BEFORE_PERSIST, 200);
    }

    @Test
    void voteNotPersistedIsCaught() {
        assertCaught("vote not persisted", BrokenCores.VOTE_NOT_PERSISTED, 200);
    }

    @Test
    void commitOfPreviousTermEntryByCountingIsCaught() {
        assertCaught("commit by count", CommitByCountCore.FACTORY, 200);
    }

    // The bugs below are invisible to the rule checks above; only their consequences reveal them.

    @Test
    void doubleVotingIsCaughtByElectionSafety() {
        assertCaught("double voting", ConsequenceBrokenCores.DOUBLE_VOTER, 200, "election safety");
    }

    @Test
    void votingForStaleLogsIsCaughtByLeaderCompleteness() {
        assertCaught("voting without the up-to-date check", ConsequenceBrokenCores.IGNORES_LOG_UP_TO_DATE, 200, null);
    }

    @Test
    void skippingThePreviousTermCheckIsCaughtByLogMatching() {
        assertCaught("skipping the previous-term check", ConsequenceBrokenCores.SKIPS_PREVIOUS_TERM_CHECK, 200, null);
    }

    @Test
    void readsWithoutConfirmingLeadershipAreCaughtAsStale() {
        assertCaught("unconfirmed reads", ConsequenceBrokenCores.UNCONFIRMED_READS, 200, "linearizable read");
    }

    @Test
    void aMessageRecycledBeforeItIsSentIsCaught() {
        assertCaught("recycling before sending", RecyclingBrokenCores.RECYCLES_APPENDS_BEFORE_SENDING, 5, "exception");
    }

    @Test
    void theRealCorePassesTheSameSeeds() {
        for (long seed = 1; seed <= 10; seed++) {
            RunResult result = Simulation.run(SimulationConfig.defaults(seed, seed % 2 == 0 ? 3 : 5, STEPS));
            assertTrue(result.ok(), () -> result.violations().get(0).describe());
        }
    }

    private static void assertCaught(String bug, RaftCore.Factory brokenCore, int maxSeeds) {
        assertCaught(bug, brokenCore, maxSeeds, null);
    }

    /** {@code expectedInvariant}: if not null, only a violation of this invariant counts as caught. */
    private static void assertCaught(String bug, RaftCore.Factory brokenCore, int maxSeeds, String expectedInvariant) {
        for (long seed = 1; seed <= maxSeeds; seed++) {
            SimulationConfig config = SimulationConfig.defaults(seed, seed % 2 == 0 ? 3 : 5, STEPS).withCoreFactory(brokenCore);
            RunResult result = Simulation.run(config);
            if (!result.ok()) {
                Violation violation = result.violations().get(0);
                if (expectedInvariant != null && !expectedInvariant.equals(violation.invariant())) {
                    continue; // caught, but by another checker: keep looking for the one under test
                }
                System.out.println(bug + " caught at seed " + seed + ":\n" + violation.describe());
                return;
            }
        }
        fail(bug + " was not caught" + (expectedInvariant == null ? "" : " by " + expectedInvariant) + " in " + maxSeeds + " seeds of " + STEPS + " steps: the checkers or the fault mix are too weak");
    }
}

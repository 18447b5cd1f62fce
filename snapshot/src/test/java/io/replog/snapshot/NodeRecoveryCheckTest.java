package io.replog.snapshot;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The recovery decision table against a dumb reference: which indexes can the node reconstruct? */
class NodeRecoveryCheckTest {
    private static final long SEED = 0x5EED_000AL;

    @Test
    void theDecisionMatchesWhetherEveryIndexUpToTheLogsEndIsCoveredBySnapshotOrLog() {
        Random random = new Random(SEED);
        for (int round = 0; round < 20_000; round++) {
            long snapshotIndex = random.nextInt(4) == 0 ? 0 : random.nextInt(300);
            long first = 1 + random.nextInt(400);
            long last = first - 1 + random.nextInt(200);
            Optional<SnapshotInfo> snapshot = snapshotIndex == 0 ? Optional.empty() :
                Optional.of(TestSnapshots.at(snapshotIndex));
            NodeRecoveryCheck check = NodeRecoveryCheck.decide(snapshot, first, last);
            String context = "seed " + SEED + " round " + round + ": " + check.describe();

            boolean everyIndexCovered = true;
            for (long index = 1; index <= Math.max(last, snapshotIndex); index++) {
                everyIndexCovered &= index <= snapshotIndex || (index >= first && index <= last);
            }
            assertEquals(!everyIndexCovered, check.hasGap(), context);
            if (!check.hasGap()) {
                assertEquals(last >= snapshotIndex ? NodeRecoveryCheck.Action.REPLAY_LOG :
                    NodeRecoveryCheck.Action.RESET_LOG, check.action(), context);
            }
        }
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuorumTest {
    /** The dumb reference: the largest value that at least a majority of match indexes reach. */
    private static long referenceCommittedIndex(long[] matchIndexes) {
        long best = 0;
        for (long candidate : matchIndexes) {
            int atOrAbove = 0;
            for (long match : matchIndexes) {
                if (match >= candidate) {
                    atOrAbove++;
                }
            }
            if (atOrAbove >= matchIndexes.length / 2 + 1) {
                best = Math.max(best, candidate);
            }
        }
        return best;
    }

    @Test
    void committedIndexMatchesSortAndTakeMajorityReference() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 20_000; round++) {
            int voters = 1 + random.nextInt(7);
            long[] matches = new long[voters];
            for (int i = 0; i < voters; i++) {
                matches[i] = random.nextInt(random.nextBoolean() ? 5 : 1000);
            }
            long[] sorted = matches.clone();
            Arrays.sort(sorted);
            long sortedMajority = sorted[voters - (voters / 2 + 1)];
            long expected = referenceCommittedIndex(matches);
            long actual = Quorum.committedIndex(matches.clone(), voters);
            assertEquals(expected, actual, "seed " + seed + " round " + round + " matches " + Arrays.toString(matches));
            assertEquals(sortedMajority, actual, "seed " + seed + " round " + round + " matches " + Arrays.toString(matches));
        }
    }

    @Test
    void committedIndexOfFiveVotersNeedsThree() {
        assertEquals(5, Quorum.committedIndex(new long[] {9, 5, 1, 5, 0}, 5));
        assertEquals(1, Quorum.committedIndex(new long[] {9, 9, 1, 0, 1}, 5));
        assertEquals(7, Quorum.committedIndex(new long[] {7}, 1));
        assertEquals(3, Quorum.committedIndex(new long[] {3, 8}, 2), "two voters need both");
    }

    @Test
    void voteResultNeedsMajorityAndLosesWhenMajorityImpossible() {
        assertEquals(Quorum.VoteResult.WON, Quorum.voteResult(2, 0, 3));
        assertEquals(Quorum.VoteResult.PENDING, Quorum.voteResult(1, 1, 3));
        assertEquals(Quorum.VoteResult.LOST, Quorum.voteResult(1, 2, 3));
        assertEquals(Quorum.VoteResult.PENDING, Quorum.voteResult(2, 2, 5));
        assertEquals(Quorum.VoteResult.LOST, Quorum.voteResult(2, 3, 5));
        assertEquals(Quorum.VoteResult.WON, Quorum.voteResult(1, 0, 1));
    }
}

package io.replog.replication.raft;

/** Majority arithmetic, free of allocation so the leader may call it on every acknowledgement. */
public final class Quorum {
    /** Outcome of counting votes. */
    public enum VoteResult { WON, LOST, PENDING }

    private Quorum() {
    }

    /**
     * The highest index that at least a majority of {@code count} voters have matched: sorts the
     * first {@code count} elements of {@code matchIndexes} in place (insertion sort, clusters are
     * small) and returns the element that a majority is at or above.
     */
    public static long committedIndex(long[] matchIndexes, int count) {
        if (count == 0) {
            throw new IllegalArgumentException("no voters");
        }
        for (int i = 1; i < count; i++) {
            long value = matchIndexes[i];
            int j = i - 1;
            while (j >= 0 && matchIndexes[j] > value) {
                matchIndexes[j + 1] = matchIndexes[j];
                j--;
            }
            matchIndexes[j + 1] = value;
        }
        int quorumCount = count / 2 + 1;
        return matchIndexes[count - quorumCount];
    }

    /** Decides an election once enough of {@code voterCount} voters answered. */
    public static VoteResult voteResult(int grantedCount, int rejectedCount, int voterCount) {
        int quorumCount = voterCount / 2 + 1;
        if (grantedCount >= quorumCount) {
            return VoteResult.WON;
        }
        if (rejectedCount > voterCount - quorumCount) {
            return VoteResult.LOST;
        }
        return VoteResult.PENDING;
    }
}

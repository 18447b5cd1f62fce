package io.replog.replication.raft;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cluster membership: voters decide elections and commitment; learners only receive the log.
 * <p>
 * Invariants: voters is not empty; voters and learners are disjoint. Both sets are sorted so
 * that iteration order (and therefore message order and every transcript) is deterministic.
 * Learners are empty until single-server membership change is built; the tracker already
 * treats them as non-voting replicas so adding them does not change this type.
 */
public record Configuration(Set<Integer> voters, Set<Integer> learners) {
    public Configuration {
        voters = Collections.unmodifiableSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSet(new TreeSet<>(learners));
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("a configuration needs at least one voter");
        }
        for (Integer learner : learners) {
            if (voters.contains(learner)) {
                throw new IllegalArgumentException("node " + learner + " is both voter and learner");
            }
        }
    }

    public static Configuration ofVoters(int... ids) {
        Set<Integer> voters = new TreeSet<>();
        for (int id : ids) {
            voters.add(id);
        }
        return new Configuration(voters, Set.of());
    }

    /** Votes (or match indexes) needed for a majority of voters. */
    public int quorumCount() {
        return voters.size() / 2 + 1;
    }

    public boolean isVoter(int id) {
        return voters.contains(id);
    }

    public boolean isMember(int id) {
        return voters.contains(id) || learners.contains(id);
    }

    @Override
    public String toString() {
        return learners.isEmpty() ? "voters=" + voters : "voters=" + voters + " learners=" + learners;
    }
}

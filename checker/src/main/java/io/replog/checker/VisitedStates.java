package io.replog.checker;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The (set of operations linearized, model state) pairs the search has reached. Reaching a pair
 * twice means the same future lies ahead, so the second visit is pruned: this cache is what makes
 * Lowe's version of the Wing-Gong search fast on real histories.
 */
final class VisitedStates {
    private final Set<Visit> visits = new HashSet<>();

    /** Records the pair; returns {@code false} when it was already visited. */
    boolean add(LinearizedSet linearized, Object state) {
        return visits.add(new Visit(linearized.copyOfWords(), linearized.fingerprint(), state));
    }

    int size() {
        return visits.size();
    }

    private static final class Visit {
        private final long[] words;
        private final Object state;
        private final int hash;

        Visit(long[] words, long fingerprint, Object state) {
            this.words = words;
            this.state = state;
            this.hash = Long.hashCode(fingerprint) * 31 + state.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Visit)) {
                return false;
            }
            Visit visit = (Visit) other;
            return hash == visit.hash && Arrays.equals(words, visit.words) && state.equals(visit.state);
        }
    }
}

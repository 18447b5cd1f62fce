package io.replog.replication.sim;

import org.agrona.collections.Long2LongHashMap;

/**
 * Log Matching, checked at every append on every node: all logs must agree on what entry
 * (index, term) holds and on the term of the entry just before it. By induction over the index
 * this is exactly "two logs with an entry of the same index and term are identical up to it",
 * without comparing whole logs pairwise.
 */
final class LogMatchingCheck {
    private static final long MISSING = Long.MIN_VALUE;

    private final Long2LongHashMap proposalIds = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap previousTerms = new Long2LongHashMap(MISSING);
    private String violation;

    /** Records the entry, or a violation if another node holds a different entry at (index, term). */
    void onAppend(int nodeId, long index, long term, long previousTerm, long proposalId) {
        long key = key(index, term);
        long knownId = proposalIds.get(key);
        if (knownId == MISSING) {
            proposalIds.put(key, proposalId);
            previousTerms.put(key, previousTerm);
            return;
        }
        if (violation == null && (knownId != proposalId || previousTerms.get(key) != previousTerm)) {
            violation = "node " + nodeId + " appended entry " + term + "/" + index + " (proposal " + proposalId + ", previous term "
                + previousTerm + ") but another node holds proposal " + knownId + " after previous term " + previousTerms.get(key);
        }
    }

    private static long key(long index, long term) {
        if (term >= 1L << 24 || index >= 1L << 39) {
            throw new IllegalStateException("term " + term + " or index " + index + " too large for the simulator's key");
        }
        return (index << 24) | term;
    }

    /** The first violation seen, or null. */
    String violation() {
        return violation;
    }
}

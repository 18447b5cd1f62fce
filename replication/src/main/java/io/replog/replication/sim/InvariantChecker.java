package io.replog.replication.sim;

import io.replog.replication.raft.Role;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster-wide safety properties, checked after every simulation step (and at every apply):
 * <ul>
 *   <li><b>election safety</b>: at most one leader per term;</li>
 *   <li><b>leader completeness / committed entries never lost</b>: every leader holds the highest
 *       committed entry with the term it was committed with;</li>
 *   <li><b>state machine safety</b>: no two nodes commit different entries at one index;</li>
 *   <li><b>commit index monotonic</b> within a node incarnation;</li>
 *   <li><b>leader commit rule</b> (Raft 5.4.2): a leader only ever moves its commit index onto an
 *       entry of its own term; older entries are committed only indirectly;</li>
 *   <li><b>primary order</b>: every node delivers a prefix of one common sequence, without gaps or
 *       duplicates, and a node restored from a snapshot has exactly that prefix's state;</li>
 *   <li><b>committed means durable on a majority</b>: whenever the highest committed index grows,
 *       a majority of disks hold it durably (so no crash of a minority, nor a power loss of all,
 *       can lose it);</li>
 *   <li>(in {@code Simulation}) <b>votes durable before they are granted</b>, and <b>linearizable
 *       reads</b>: a ReadIndex answer covers everything committed before the read was asked;</li>
 *   <li>the core's own {@code invariants()}; Log Matching is checked by {@link LogMatchingCheck}.</li>
 * </ul>
 */
final class InvariantChecker {
    private static final long UNKNOWN = -1;

    private final Map<Long, Integer> leaderByTerm = new HashMap<>();
    /** Term of each committed index (1-based; element 0 is index 1), UNKNOWN if first seen through a snapshot. */
    private final LongArrayList committedTerms = new LongArrayList();
    /** The common delivered sequence: proposal id (0 = no-op) and state hash after each index. */
    private final LongArrayList deliveredIds = new LongArrayList();
    private final LongArrayList stateHashes = new LongArrayList();
    private final Long2LongHashMap indexOfProposal = new Long2LongHashMap(-1);
    /**
     * Highest committed index reported by a node whose term was the key. An index reported at term
     * t was committed in a term at or below t, so a leader of term T must hold every index reported
     * at terms below T (a stale leader of an older term need not hold newer commits).
     */
    private final TreeMap<Long, Long> highestCommittedByReporterTerm = new TreeMap<>();
    private long leaderChanges;
    private long durabilityCheckedIndex;
    private long deliveredProposals;
    /** Per node: the term in which it was last seen leading, and its commit index when first seen so. */
    private final Map<Integer, long[]> leadership = new HashMap<>();

    /** Returns a violation description, or null. */
    String checkNode(SimNode node) {
        if (!node.up) {
            return null;
        }
        RaftCore core = node.core;
        try {
            core.invariants();
        } catch (IllegalStateException e) {
            return "core invariant: " + e.getMessage();
        }
        long commit = core.commitIndex();
        if (commit < node.lastSeenCommitIndex) {
            return "commit index monotonic: node " + node.id + " went from " + node.lastSeenCommitIndex + " to " + commit;
        }
        String committed = recordCommitted(node, node.lastSeenCommitIndex, commit);
        node.lastSeenCommitIndex = commit;
        if (committed != null) {
            return committed;
        }
        if (core.role() == Role.LEADER) {
            Integer previous = leaderByTerm.putIfAbsent(core.term(), node.id);
            if (previous == null) {
                leaderChanges++;
                return checkLeaderCompleteness(node);
            } else if (previous != node.id) {
                return "election safety: nodes " + previous + " and " + node.id + " are both leaders of term " + core.term();
            }
            return checkCommitRule(node);
        }
        return null;
    }

    private String recordCommitted(SimNode node, long fromExclusive, long toInclusive) {
        RaftCore core = node.core;
        if (toInclusive > fromExclusive) {
            highestCommittedByReporterTerm.merge(core.term(), toInclusive, Math::max);
        }
        java.io.UncheckedIOException unreadable = null;
        for (long index = fromExclusive + 1; index <= toInclusive; index++) {
            long term;
            try {
                term = index >= core.firstIndex() - 1 ? core.termAt(index) : UNKNOWN;
            } catch (java.io.UncheckedIOException e) {
                // A flipped bit where the node has not read yet: record what is known, then let the node find it.
                term = UNKNOWN;
                unreadable = unreadable == null ? e : unreadable;
            }
            if (index > committedTerms.size()) {
                committedTerms.addLong(term);
                continue;
            }
            long known = committedTerms.getLong((int)index - 1);
            if (known == UNKNOWN) {
                committedTerms.setLong((int)index - 1, term);
            } else if (term != UNKNOWN && term != known) {
                return "state machine safety: node " + node.id + " committed index " + index + " with term " + term
                    + " but it was committed with term " + known + " before";
            }
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return null;
    }

    private String checkCommitRule(SimNode node) {
        RaftCore core = node.core;
        long[] seen = leadership.computeIfAbsent(node.id, id -> new long[] {-1, 0});
        if (seen[0] != core.term() || core.commitIndex() < seen[1]) {
            seen[0] = core.term();
            seen[1] = core.commitIndex();
            return null;
        }
        long commit = core.commitIndex();
        if (commit > seen[1] && core.termAt(commit) != core.term()) {
            return "leader commit rule: leader " + node.id + " of term " + core.term() + " moved its commit index from " + seen[1]
                + " to " + commit + ", an entry of term " + core.termAt(commit) + " (Raft 5.4.2 allows only entries of the current term)";
        }
        return null;
    }

    /** Checked when a node becomes leader: it must hold every entry committed in earlier terms. */
    private String checkLeaderCompleteness(SimNode node) {
        RaftCore core = node.core;
        long highestCommitted = 0;
        for (long index : highestCommittedByReporterTerm.headMap(core.term(), false).values()) {
            highestCommitted = Math.max(highestCommitted, index);
        }
        if (highestCommitted == 0 || highestCommitted < core.firstIndex()) {
            return null; // covered by the leader's snapshot, checked when it was restored
        }
        if (core.lastIndex() < highestCommitted) {
            return "committed entry lost: leader " + node.id + " of term " + core.term() + " ends at index " + core.lastIndex()
                + " but index " + highestCommitted + " was committed";
        }
        long expected = committedTerms.getLong((int)highestCommitted - 1);
        long actual = core.termAt(highestCommitted);
        if (expected != UNKNOWN && actual != expected) {
            return "leader completeness: leader " + node.id + " of term " + core.term() + " has term " + actual + " at committed index "
                + highestCommitted + ", committed with term " + expected;
        }
        return null;
    }

    /** Primary order at one delivery: the same id as everyone else at this index, and never twice. */
    String onApply(int nodeId, long index, long proposalId, long stateHashAfter) {
        if (index <= deliveredIds.size()) {
            long known = deliveredIds.getLong((int)index - 1);
            if (known != proposalId) {
                return "primary order: node " + nodeId + " delivered proposal " + proposalId + " at index " + index + " where others delivered " + known;
            }
            return null;
        }
        if (index != deliveredIds.size() + 1) {
            return "primary order: node " + nodeId + " delivered index " + index + " but the common sequence ends at " + deliveredIds.size();
        }
        if (proposalId != 0) {
            long earlier = indexOfProposal.get(proposalId);
            if (earlier != -1) {
                return "primary order: proposal " + proposalId + " delivered at index " + index + " and already at " + earlier;
            }
            indexOfProposal.put(proposalId, index);
            deliveredProposals++;
        }
        deliveredIds.addLong(proposalId);
        stateHashes.addLong(stateHashAfter);
        return null;
    }

    /** A node restored a snapshot: its state must be exactly the common prefix at that index. */
    String onRestore(int nodeId, long index, long stateHash) {
        if (index == 0) {
            return null;
        }
        if (index > stateHashes.size()) {
            return "primary order: node " + nodeId + " restored a snapshot at index " + index + " beyond anything delivered (" + stateHashes.size() + ")";
        }
        if (stateHashes.getLong((int)index - 1) != stateHash) {
            return "primary order: node " + nodeId + " restored a snapshot at index " + index + " whose state differs from the common sequence";
        }
        return null;
    }

    /** Checks the newest committed index against the nodes' disks, once per growth of the commit index. */
    String checkCommittedIsDurable(SimNode[] nodes) {
        long highest = committedTerms.size();
        if (highest <= durabilityCheckedIndex) {
            return null;
        }
        durabilityCheckedIndex = highest;
        long term = committedTerms.getLong((int)highest - 1);
        int holders = 0;
        int nodeCount = nodes.length - 1;
        for (int id = 1; id <= nodeCount; id++) {
            holders += nodes[id].durablyHolds(highest, term) ? 1 : 0;
        }
        if (holders < nodeCount / 2 + 1) {
            return "committed entry not durable: index " + highest + " (term " + term + ") is committed but only " + holders + " of "
                + nodeCount + " disks hold it durably";
        }
        return null;
    }

    long leaderChanges() {
        return leaderChanges;
    }

    /** Client proposals in the common delivered sequence (no-ops excluded). */
    long deliveredCount() {
        return deliveredProposals;
    }

    long committedCount() {
        return committedTerms.size();
    }
}

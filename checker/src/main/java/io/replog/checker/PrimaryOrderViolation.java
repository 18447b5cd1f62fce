package io.replog.checker;

import java.util.List;

/**
 * One broken rule of primary order, described in words.
 *
 * @param rule        which rule
 * @param replica     the replica where it shows (for a prefix violation, the first of the two replicas)
 * @param position    position in that replica's delivered sequence, from 1; 0 when the rule is about the end state
 * @param deltas      the deltas involved
 * @param description what happened, naming replica, position, deltas and file lines
 */
public record PrimaryOrderViolation(Rule rule, String replica, int position, List<Delta> deltas, String description) {
    public PrimaryOrderViolation {
        deltas = List.copyOf(deltas);
    }

    /** The rules of primary order, as Zab states them for a primary-backup system. */
    public enum Rule {
        /** Within an epoch a replica delivers counters 1, 2, 3, ... with no gap and no repeat. */
        CONTIGUOUS_COUNTERS,
        /** The epochs a replica delivers never decrease. */
        EPOCHS_NEVER_GO_BACK,
        /** Before the first delta of epoch e, a replica has delivered every committed delta of older epochs. */
        COMMITTED_BEFORE_NEWER_EPOCH,
        /** Of any two replicas, one's delivered sequence is a prefix of the other's. */
        PREFIX,
        /** Every committed delta is in the longest delivered sequence at the end. */
        COMMITTED_DELIVERED
    }
}

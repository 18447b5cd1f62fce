package io.replog.checker;

/**
 * The tag of a primary-backup state delta, Zab's zxid: the epoch of the primary that generated it
 * and its counter within that epoch (1 for the first delta of every epoch). Ordered by epoch, then counter.
 */
public record Delta(long epoch, long counter) implements Comparable<Delta> {
    @Override
    public int compareTo(Delta other) {
        int byEpoch = Long.compare(epoch, other.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(counter, other.counter);
    }

    /** For example {@code <2,5>}. */
    @Override
    public String toString() {
        return "<" + epoch + "," + counter + ">";
    }
}

package io.replog.wal;

/** When appended entries are forced to disk. */
public enum SyncPolicy {
    /** Every append (or batch) is forced before it returns: durable index == last index. */
    ALWAYS,
    /**
     * Group commit: a syncer thread forces whatever was appended while the previous force ran, and
     * publishes the durable index ({@link WriteAheadLog#durableIndex()}, listeners).
     */
    BATCH,
    /** Nothing is forced except when a segment is sealed, on {@link WriteAheadLog#sync()} and on close. */
    NONE
}

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
    /**
     * Nothing is forced except when a segment is sealed, on {@link WriteAheadLog#sync()} and on close.
     * Single appends stay in the log's write-behind block until it fills; a batch's
     * {@link WriteAheadLog.Batch#commit() commit()} and {@link WriteAheadLog#flush()} hand everything to
     * the operating system, after which only a machine crash can lose it.
     */
    NONE
}

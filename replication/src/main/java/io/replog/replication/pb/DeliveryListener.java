package io.replog.replication.pb;

import org.agrona.DirectBuffer;

/**
 * Told of every committed delta as this replica delivers it, in log order, on the node's thread
 * (for audit trails and for checking primary order). Not told again when a rollback replays the log.
 */
@FunctionalInterface
public interface DeliveryListener {
    void delivered(long index, long epoch, long counter, DirectBuffer delta, int offset, int length);

    /**
     * The replica loaded a snapshot instead of delivering the deltas up to {@code index} one by one (at
     * start, or when the primary sent it one because it was too far behind); the last of them was
     * {@code (epoch, counter)}. Deliveries go on from {@code index + 1}.
     */
    default void restored(long index, long epoch, long counter) {
    }
}

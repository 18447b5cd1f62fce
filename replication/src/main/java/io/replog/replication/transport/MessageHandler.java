package io.replog.replication.transport;

import org.agrona.DirectBuffer;

/** Receives the messages a {@link Transport} accepted: envelope checked, sender a known member. */
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param buffer valid only during the call; copy what must outlive it.
     * @throws RuntimeException a message that cannot be decoded; the transport counts it as malformed
     *                          and carries on.
     */
    void onMessage(int senderId, int messageType, DirectBuffer buffer, int offset, int length);
}

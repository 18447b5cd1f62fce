package io.replog.replication.transport;

import org.agrona.DirectBuffer;

/**
 * Moves replog messages between members. Sending never blocks for long and never queues without
 * bound: a message that cannot be handed over after a few tries is dropped and counted, and the
 * protocol above (Raft retransmission, its in-flight window) recovers.
 */
public interface Transport extends AutoCloseable {
    /** @return true when the message was handed to the transport; false when it was dropped. */
    boolean send(int peerId, int messageType, DirectBuffer message, int offset, int length);

    /**
     * Sends a message made of two parts without copying them together first: e.g. an AppendEntries
     * header from a scratch buffer and the entries straight from the mapped log.
     */
    boolean send(int peerId, int messageType, DirectBuffer head, int headOffset, int headLength,
                 DirectBuffer body, int bodyOffset, int bodyLength);

    /** Delivers up to {@code fragmentLimit} fragments to {@code handler}. @return work done. */
    int poll(MessageHandler handler, int fragmentLimit);

    /** Largest message (both parts together) that {@link #send} accepts. */
    int maxMessageLengthBytes();

    TransportCounters counters();

    /**
     * How the polling thread may sleep until a datagram arrives ({@link DatagramReadiness}), or null when it
     * cannot (the driver runs on its own threads or in another process): then it parks for a while.
     */
    default DatagramReadiness readiness() {
        return null;
    }

    @Override
    void close();
}

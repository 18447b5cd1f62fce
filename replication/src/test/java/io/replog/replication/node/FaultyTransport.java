package io.replog.replication.node;

import io.replog.replication.transport.MessageHandler;
import io.replog.replication.transport.Transport;
import io.replog.replication.transport.TransportCounters;
import org.agrona.DirectBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * A test-only {@link Transport} decorator, installed through {@link NodeConfig#transportDecorator}: it
 * loses messages on links {@link NetworkFaults} cut (in both directions, before they reach the wire and
 * after they leave it) and stalls the node's thread while the node is stalled.
 */
final class FaultyTransport implements Transport {
    private final int selfId;
    private final Transport delegate;
    private final NetworkFaults faults;
    private final MessageHandler filter = this::onMessage;
    private MessageHandler handler;

    FaultyTransport(int selfId, Transport delegate, NetworkFaults faults) {
        this.selfId = selfId;
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public boolean send(int peerId, int messageType, DirectBuffer message, int offset, int length) {
        return !faults.connected(selfId, peerId) || delegate.send(peerId, messageType, message, offset, length);
    }

    @Override
    public boolean send(int peerId, int messageType, DirectBuffer head, int headOffset, int headLength,
                        DirectBuffer body, int bodyOffset, int bodyLength) {
        return !faults.connected(selfId, peerId) ||
            delegate.send(peerId, messageType, head, headOffset, headLength, body, bodyOffset, bodyLength);
    }

    @Override
    public int poll(MessageHandler handler, int fragmentLimit) {
        while (faults.stalled(selfId) && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(1_000_000);
        }
        this.handler = handler;
        return delegate.poll(filter, fragmentLimit);
    }

    private void onMessage(int senderId, int messageType, DirectBuffer buffer, int offset, int length) {
        if (faults.connected(senderId, selfId)) {
            handler.onMessage(senderId, messageType, buffer, offset, length);
        }
    }

    @Override
    public int maxMessageLengthBytes() {
        return delegate.maxMessageLengthBytes();
    }

    @Override
    public TransportCounters counters() {
        return delegate.counters();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

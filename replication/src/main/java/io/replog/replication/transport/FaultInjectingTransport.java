package io.replog.replication.transport;

import org.agrona.DirectBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * A {@link Transport} decorator for chaos testing ({@code replog chaos}, the cluster tests), installed
 * only through {@code NodeConfig.transportDecorator}: it loses messages on links {@link LinkFaults} cut
 * (in both directions, before they reach the wire and after they leave it) and stalls the node's thread
 * while the node is stalled. Production nodes never have it.
 */
public final class FaultInjectingTransport extends ForwardingTransport {
    private final int selfId;
    private final LinkFaults faults;
    private final MessageHandler filter = this::onMessage;
    private MessageHandler handler;

    public FaultInjectingTransport(int selfId, Transport delegate, LinkFaults faults) {
        super(delegate);
        this.selfId = selfId;
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
}

package io.replog.replication.transport;

import org.agrona.DirectBuffer;

/**
 * A {@link Transport} that hands every call to another: decorators ({@code NodeConfig.transportDecorator})
 * extend it and override what they change, so none forgets a method, {@link #readiness()} included (a node
 * whose decorator dropped it would park instead of sleeping until a datagram).
 */
public abstract class ForwardingTransport implements Transport {
    protected final Transport delegate;

    protected ForwardingTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean send(int peerId, int messageType, DirectBuffer message, int offset, int length) {
        return delegate.send(peerId, messageType, message, offset, length);
    }

    @Override
    public boolean send(int peerId, int messageType, DirectBuffer head, int headOffset, int headLength,
                        DirectBuffer body, int bodyOffset, int bodyLength) {
        return delegate.send(peerId, messageType, head, headOffset, headLength, body, bodyOffset, bodyLength);
    }

    @Override
    public int poll(MessageHandler handler, int fragmentLimit) {
        return delegate.poll(handler, fragmentLimit);
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
    public DatagramReadiness readiness() {
        return delegate.readiness();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package io.replog.replication.transport;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.media.ReceiveChannelEndpoint;
import io.aeron.driver.media.SendChannelEndpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * Lets the thread that runs an embedded driver sleep until one of the driver's UDP sockets has a
 * datagram to read, instead of for a fixed park: a follower parked when an AppendEntries arrives
 * would otherwise see it only when its park ends (median 80 us here, one hop each way of every commit).
 * <p>
 * Each socket the driver opens (the node's subscription endpoint; each publication's endpoint, where
 * status messages and NAKs arrive) is also registered, for reading, with a selector of its own;
 * {@link #await} waits on that selector. The driver keeps reading its sockets itself (the selector
 * only wakes), and a socket the driver closes leaves the selector with it. {@link #wake} ends a wait
 * at once, or makes the next one return at once: work that arrives other than by datagram (an
 * application's append, the log's durable index) calls it.
 */
public final class DatagramReadiness implements AutoCloseable {
    private static final Consumer<SelectionKey> NOTHING = key -> { };

    private final Selector selector;

    public DatagramReadiness() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector to wait for datagrams", e);
        }
    }

    /** Registers the sockets of every endpoint the driver of {@code context} opens from now on. */
    void watch(MediaDriver.Context context) {
        context.receiveChannelEndpointSupplier((udpChannel, dispatcher, status, driver) ->
                new ReceiveChannelEndpoint(udpChannel, dispatcher, status, driver) {
                    @Override
                    public void openChannel() {
                        super.openChannel();
                        register(receiveDatagramChannel());
                    }
                })
            .sendChannelEndpointSupplier((udpChannel, status, driver) ->
                new SendChannelEndpoint(udpChannel, status, driver) {
                    @Override
                    public void openChannel() {
                        super.openChannel();
                        register(sendDatagramChannel);
                        if (receiveDatagramChannel() != sendDatagramChannel) {
                            register(receiveDatagramChannel());
                        }
                    }
                });
    }

    private void register(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the driver's socket " + channel + " for datagrams", e);
        }
    }

    /**
     * Waits until a watched socket has a datagram to read, {@link #wake} is called (or was, since the last
     * wait), or {@code timeoutMs} (at least 1) pass. Only the thread that runs the driver calls it.
     */
    public void await(long timeoutMs) {
        try {
            selector.select(NOTHING, timeoutMs);
        } catch (IOException e) {
            throw new UncheckedIOException("waiting for datagrams failed", e);
        }
    }

    /** Ends the current wait, or the next one if none is in progress; any thread. */
    public void wake() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing was waiting for it any more.
        }
    }
}

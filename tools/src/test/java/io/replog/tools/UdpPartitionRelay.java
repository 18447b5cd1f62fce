package io.replog.tools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP relay on loopback between the replication endpoints of test nodes, so that a test can cut
 * a node off from its peers (a network partition) and heal it, while the node's process runs on.
 * <p>
 * Node {@code i} is told that peer {@code j} lives at {@link #relayPort(int, int) relayPort(i, j)};
 * whatever arrives there goes on to {@code j}'s real port from an upstream socket kept per sender
 * address, and whatever {@code j} answers to that socket (Aeron status messages, NAKs) goes back to
 * the sender from the relay port. Each packet thus has a known direction {@code i -> j} or
 * {@code j -> i}, and packets touching an isolated node are dropped. Loopback only; no root needed.
 */
final class UdpPartitionRelay implements AutoCloseable {
    private static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final Selector selector;
    private final Map<Integer, Integer> realPorts;
    private final Map<Long, DatagramChannel> relays = new HashMap<>();
    private final Set<Integer> isolated = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    /** Where an upstream socket's answers go back to: sender {@code i}'s address, through relay {@code i -> j}. */
    private record Upstream(int from, int to, SocketAddress sender, DatagramChannel relay) {
    }

    /** A relay port's direction. */
    private record Relay(int from, int to) {
    }

    UdpPartitionRelay(Map<Integer, Integer> realPorts) throws IOException {
        this.realPorts = Map.copyOf(realPorts);
        this.selector = Selector.open();
        for (int from : realPorts.keySet()) {
            for (int to : realPorts.keySet()) {
                if (from != to) {
                    DatagramChannel channel = DatagramChannel.open().bind(LOOPBACK_ANY_PORT);
                    channel.configureBlocking(false);
                    channel.register(selector, SelectionKey.OP_READ, new Relay(from, to));
                    relays.put(key(from, to), channel);
                }
            }
        }
        thread = new Thread(this::run, "udp-partition-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private static long key(int from, int to) {
        return ((long)from << 32) | to;
    }

    /** The port node {@code from} must use to reach node {@code to}. */
    int relayPort(int from, int to) {
        try {
            return ((InetSocketAddress)relays.get(key(from, to)).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops every packet from or to {@code node} until {@link #heal}. */
    void isolate(int node) {
        isolated.add(node);
    }

    void heal() {
        isolated.clear();
    }

    private boolean dropped(int from, int to) {
        return isolated.contains(from) || isolated.contains(to);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        Map<String, DatagramChannel> upstreams = new HashMap<>();
        try {
            while (running) {
                if (selector.select(100) == 0) {
                    continue;
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel)key.channel();
                    SocketAddress source;
                    while ((source = receive(channel, buffer)) != null) {
                        buffer.flip();
                        if (key.attachment() instanceof Relay relay) {
                            if (!dropped(relay.from(), relay.to())) {
                                SocketAddress sender = source;
                                DatagramChannel upstream = upstreams.computeIfAbsent(relay.from() + ">" + relay.to() +
                                    "@" + sender, ignored -> openUpstream(relay, sender, channel));
                                upstream.send(buffer, new InetSocketAddress("127.0.0.1", realPorts.get(relay.to())));
                            }
                        } else if (key.attachment() instanceof Upstream upstream) {
                            if (!dropped(upstream.to(), upstream.from())) {
                                upstream.relay().send(buffer, upstream.sender());
                            }
                        }
                        buffer.clear();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("the UDP relay failed: " + e.getMessage(), e);
            }
        }
    }

    private static SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        return channel.receive(buffer);
    }

    private DatagramChannel openUpstream(Relay relay, SocketAddress sender, DatagramChannel relayChannel) {
        try {
            DatagramChannel upstream = DatagramChannel.open().bind(LOOPBACK_ANY_PORT);
            upstream.configureBlocking(false);
            upstream.register(selector, SelectionKey.OP_READ, new Upstream(relay.from(), relay.to(), sender,
                relayChannel));
            return upstream;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}

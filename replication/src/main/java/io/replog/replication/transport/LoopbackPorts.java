package io.replog.replication.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free ports on loopback for clusters started on one machine: tests, {@code replog demo} and
 * {@code replog bench cluster}.
 *
 * <p>A port the kernel picks (bind to port 0) lies in its ephemeral range, where every Aeron
 * publication's sending socket and every outgoing TCP connection also bind: between probing such
 * a port and the node binding it, one of those can take it, and the node fails to start with
 * "Address already in use". These ports come from below the ephemeral range, which the kernel
 * never hands out by itself; each is checked free for both UDP and TCP on {@link #HOST}, and this
 * process hands none out again before it has gone once round the whole range (over 20,000 ports).
 * Another process asking for ports starts elsewhere in the range (the start depends on its process id).
 */
public final class LoopbackPorts {
    public static final String HOST = "127.0.0.1";

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int FALLBACK_EPHEMERAL_LOW = 32_768;

    private static final int low;
    private static final int span;
    private static int cursor;

    static {
        int ephemeralLow = ephemeralLow();
        low = LOWEST;
        span = Math.max(1_000, ephemeralLow - LOWEST);
        long pid = ProcessHandle.current().pid();
        cursor = (int) Math.floorMod(pid * 7_919L + System.nanoTime() % 64, (long) span);
    }

    private LoopbackPorts() {
    }

    /** A port free for UDP and TCP on {@link #HOST}, never returned before by this process. */
    public static synchronized int next() {
        for (int tried = 0; tried < span; tried++) {
            int port = low + cursor;
            cursor = (cursor + 1) % span;
            if (free(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException(
            "no free port on " + HOST + " between " + low + " and " + (low + span - 1)));
    }

    /** {@code host:port} with a port from {@link #next()}. */
    public static String endpoint() {
        return HOST + ":" + next();
    }

    private static boolean free(int port) {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return udp.isBound() && tcp.isBound();
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralLow() {
        try {
            String[] bounds = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            int ephemeral = Integer.parseInt(bounds[0]);
            return ephemeral > LOWEST + 1_000 ? ephemeral : FALLBACK_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException unreadable) {
            return FALLBACK_EPHEMERAL_LOW;
        }
    }
}

package io.replog.replication.transport;

import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopbackPortsTest {
    @Test
    void portsAreDistinctBindableAndBelowTheKernelsEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int ephemeralLow = Files.isReadable(range)
            ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            int port = LoopbackPorts.next();
            assertTrue(seen.add(port), "port " + port + " handed out twice");
            assertTrue(port < ephemeralLow, "port " + port + " is in the ephemeral range from " + ephemeralLow);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LoopbackPorts.HOST, port));
                 ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(LoopbackPorts.HOST, port));
                assertTrue(udp.isBound() && tcp.isBound());
            }
        }
    }

    @Test
    void aPortSomebodyHoldsIsSkipped() throws Exception {
        DatagramSocket holder = null;
        int held = 0;
        for (int attempt = 0; holder == null && attempt < 100; attempt++) {
            held = LoopbackPorts.next() + 1; // the port next() would try next
            try {
                holder = new DatagramSocket(new InetSocketAddress(LoopbackPorts.HOST, held));
            } catch (BindException takenAlready) {
                // somebody else holds it: try further on
            }
        }
        assertTrue(holder != null, "could not hold any port to test with");
        try (DatagramSocket socket = holder) {
            assertTrue(socket.isBound());
            int next = LoopbackPorts.next();
            assertTrue(next != held, "handed out port " + held + ", which a socket holds");
        }
    }
}

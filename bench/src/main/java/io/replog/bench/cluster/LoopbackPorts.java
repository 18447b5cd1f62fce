package io.replog.bench.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free ports on loopback, asked of the kernel. Another process may take one before the cluster
 * binds it; on this benchmark's machine nothing else binds loopback ports, and a clash fails the
 * start loudly.
 */
final class LoopbackPorts {
    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}

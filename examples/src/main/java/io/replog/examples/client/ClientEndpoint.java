package io.replog.examples.client;

import java.net.InetSocketAddress;

/**
 * A node's client endpoint, {@code host:port} ({@code [v6-address]:port} for IPv6 literals).
 *
 * @param host a host name or address literal, without brackets.
 * @param port 1 to 65535.
 */
public record ClientEndpoint(String host, int port) {
    public ClientEndpoint {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("an endpoint needs a host");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " of " + host + " is outside 1..65535");
        }
    }

    /** @throws IllegalArgumentException naming the text when it is not {@code host:port}. */
    public static ClientEndpoint parse(String text) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (write IPv6 addresses as [addr]:port)");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not host:port: the port is not a number");
        }
        return new ClientEndpoint(host, port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

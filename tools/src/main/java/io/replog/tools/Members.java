package io.replog.tools;

import io.replog.examples.client.ClientEndpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code --members} of {@code replog node}: {@code ID=HOST:RAFT_PORT[:CLIENT_PORT]} separated by
 * commas, the same list on every node. RAFT_PORT is the member's UDP endpoint for replication;
 * CLIENT_PORT its TCP endpoint for the clients of the service it runs (same host). Giving every
 * member's client port lets a node that does not lead tell a client where the leader is.
 */
record Members(Map<Integer, Member> byId) {
    /** One member; {@code clientPort} is 0 when the list does not say. */
    record Member(int id, String host, int raftPort, int clientPort) {
        String raftEndpoint() {
            return new ClientEndpoint(host, raftPort).toString();
        }

        ClientEndpoint clientEndpoint() {
            return clientPort == 0 ? null : new ClientEndpoint(host, clientPort);
        }

        @Override
        public String toString() {
            return id + "=" + raftEndpoint() + (clientPort == 0 ? "" : ":" + clientPort);
        }
    }

    static final String SYNTAX = "ID=HOST:RAFT_PORT[:CLIENT_PORT],...";

    /** @throws IllegalArgumentException naming the entry and what is wrong with it. */
    static Members parse(String text) {
        Map<Integer, Member> members = new TreeMap<>();
        Set<String> endpoints = new HashSet<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Member member = parseEntry(entry.trim());
            if (members.put(member.id(), member) != null) {
                throw new IllegalArgumentException("member " + member.id() + " is listed twice");
            }
            if (!endpoints.add(member.host() + ":" + member.raftPort()) ||
                (member.clientPort() != 0 && !endpoints.add(member.host() + ":" + member.clientPort()))) {
                throw new IllegalArgumentException("member " + member.id() + " reuses a port on " + member.host() +
                    " (every raft and client port must be distinct)");
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members given; expected " + SYNTAX);
        }
        return new Members(Collections.unmodifiableMap(members));
    }

    private static Member parseEntry(String entry) {
        int equals = entry.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("'" + entry + "' is not " + SYNTAX.substring(0, SYNTAX.length() - 4));
        }
        int id = number(entry, entry.substring(0, equals), "id");
        if (id <= 0) {
            throw new IllegalArgumentException("'" + entry + "': member ids must be positive");
        }
        String rest = entry.substring(equals + 1);
        String host;
        String ports;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + entry + "': an IPv6 host is written [ADDRESS]:RAFT_PORT");
            }
            host = rest.substring(1, close);
            ports = rest.substring(close + 2);
        } else {
            int colon = rest.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + entry + "' is not " + SYNTAX.substring(0, SYNTAX.length() - 4));
            }
            host = rest.substring(0, colon);
            ports = rest.substring(colon + 1);
        }
        String[] parts = ports.split(":", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("'" + entry + "' has more than two ports; expected " +
                SYNTAX.substring(0, SYNTAX.length() - 4));
        }
        int raftPort = port(entry, parts[0], "raft port");
        int clientPort = parts.length == 2 ? port(entry, parts[1], "client port") : 0;
        if (raftPort == clientPort) {
            throw new IllegalArgumentException("'" + entry + "': the raft (UDP) and client (TCP) ports must differ");
        }
        return new Member(id, host, raftPort, clientPort);
    }

    private static int port(String entry, String text, String what) {
        int port = number(entry, text, what);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("'" + entry + "': " + what + " " + port + " is outside 1..65535");
        }
        return port;
    }

    private static int number(String entry, String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "': the " + what + " '" + text + "' is not a number");
        }
    }

    /** @throws IllegalArgumentException naming every host that does not resolve. */
    void checkHostsResolve() {
        for (Member member : byId.values()) {
            try {
                InetAddress.getByName(member.host());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("the host '" + member.host() + "' of member " + member.id() +
                    " does not resolve");
            }
        }
    }

    /** Member id to client endpoint text, for the members whose client port is known. */
    Map<Integer, String> clientEndpoints() {
        Map<Integer, String> endpoints = new TreeMap<>();
        byId.values().forEach(member -> {
            if (member.clientEndpoint() != null) {
                endpoints.put(member.id(), member.clientEndpoint().toString());
            }
        });
        return endpoints;
    }
}

package io.replog.examples.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves one node's service to clients over TCP (see
 * {@link io.replog.examples.client.ClientProtocolDescriptor} for the frames): the key-value store
 * ({@link KvRequestHandler}, client {@link io.replog.examples.client.KvClient}) or the stamped
 * counters ({@link CounterRequestHandler}, client {@link io.replog.examples.client.CounterClient}).
 * A node that does not lead answers NOT_LEADER with the leader's id and client endpoint, from
 * {@code clientEndpoints}; a request for another service is answered WRONG_SERVICE; a malformed
 * frame closes its connection and nothing else.
 * <p>
 * Two threads per connection (read, write) plus one accepting: meant for tens of clients, which is
 * what an example needs; a production server would multiplex connections over a selector.
 */
public final class ClientServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientServer.class.getName());

    /**
     * @param maxInFlightPerConnection requests of one connection read but not yet answered; past it
     *                                 the server stops reading that connection.
     * @param requestTimeoutMs         a request the node has not finished by then is answered RETRY.
     */
    public record Options(int maxInFlightPerConnection, long requestTimeoutMs) {
        public static final Options DEFAULTS = new Options(256, 5_000);

        public Options {
            if (maxInFlightPerConnection < 1 || requestTimeoutMs < 1) {
                throw new IllegalArgumentException("need maxInFlightPerConnection >= 1 and requestTimeoutMs >= 1");
            }
        }
    }

    private final ServerSocket serverSocket;
    private final RequestDispatcher dispatcher;
    private final Options options;
    private final Set<ClientServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ClientServer(ServerSocket serverSocket, RequestDispatcher dispatcher, Options options) {
        this.serverSocket = serverSocket;
        this.dispatcher = dispatcher;
        this.options = options;
        this.acceptor = new Thread(this::acceptLoop, "client-server-accept-" + serverSocket.getLocalSocketAddress());
        acceptor.setDaemon(true);
    }

    /** Binds {@code endpoint} and starts serving. */
    public static ClientServer start(ServiceHandler service, InetSocketAddress endpoint,
                                     Map<Integer, String> clientEndpoints, Options options) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(endpoint);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen for clients on " + endpoint + ": " + e.getMessage(), e);
        }
        return start(service, socket, clientEndpoints, options);
    }

    /** Serves on a socket already bound (so that a caller can claim the port before starting its node). */
    public static ClientServer start(ServiceHandler service, ServerSocket bound,
                                     Map<Integer, String> clientEndpoints, Options options) {
        ClientServer server = new ClientServer(bound, new RequestDispatcher(service, clientEndpoints,
            options.requestTimeoutMs()), options);
        server.acceptor.start();
        return server;
    }

    public InetSocketAddress localEndpoint() {
        return (InetSocketAddress)serverSocket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.ERROR, "the client listener on " + localEndpoint() + " failed: " +
                        e.getMessage());
                }
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accepting a client failed: " + e.getMessage());
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
            } catch (SocketException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot set TCP_NODELAY: " + e.getMessage());
            }
            ClientServerConnection[] self = new ClientServerConnection[1];
            self[0] = new ClientServerConnection(socket, dispatcher, options.maxInFlightPerConnection(),
                () -> connections.remove(self[0]));
            connections.add(self[0]);
            if (closed) {
                self[0].close(null);
                return;
            }
            self[0].start();
        }
    }

    /** Stops accepting and closes every connection; answers not yet written are dropped (clients retry). */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Nothing else to release.
        }
        connections.forEach(connection -> connection.close(null));
        try {
            acceptor.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

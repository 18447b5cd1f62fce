package io.replog.examples.client;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.replog.examples.client.ClientProtocolDescriptor.BODY_OFFSET;

/**
 * One TCP connection to one node, shared by every thread of a client: requests are
 * pipelined, each tagged with a fresh correlation id, and a reader thread completes them as the
 * answers arrive. When the connection fails every pending request fails with it.
 */
final class ClientConnection implements AutoCloseable {
    /** A node's answer as it came: possibly NOT_LEADER or RETRY; {@code value} null when absent. */
    record Reply(ReplyStatus status, int leaderId, long logIndex, byte[] value, String leaderEndpoint) {
        /** The value as UTF-8 (key-value answers, and the service named by WRONG_SERVICE), null when absent. */
        String valueText() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }

    private final ClientEndpoint endpoint;
    private final Socket socket;
    private final OutputStream out;
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextCorrelationId = new AtomicLong();
    private final Thread reader;
    private volatile IOException failure;

    private ClientConnection(ClientEndpoint endpoint, Socket socket) throws IOException {
        this.endpoint = endpoint;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.reader = new Thread(this::readLoop, "replog-client-read-" + endpoint);
        reader.setDaemon(true);
    }

    static ClientConnection open(ClientEndpoint endpoint, long connectTimeoutMs) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(endpoint.socketAddress(), (int)Math.min(Integer.MAX_VALUE, connectTimeoutMs));
            ClientConnection connection = new ClientConnection(endpoint, socket);
            connection.reader.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new IOException("cannot connect to node " + endpoint + ": " + e.getMessage(), e);
        }
    }

    boolean isOpen() {
        return failure == null;
    }

    ClientEndpoint endpoint() {
        return endpoint;
    }

    /** Sends one request of {@code type}; the future fails with an IOException when the connection does. */
    CompletableFuture<Reply> send(byte type, byte[] body) {
        long correlationId = nextCorrelationId.incrementAndGet();
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        pending.put(correlationId, reply);
        reply.whenComplete((ignored, error) -> pending.remove(correlationId));
        int frameBytes = BODY_OFFSET + body.length;
        UnsafeBuffer frame = new UnsafeBuffer(new byte[frameBytes]);
        new ClientFrameFlyweight().wrap(frame, frameBytes).header(type, correlationId);
        frame.putBytes(BODY_OFFSET, body);
        try {
            synchronized (out) {
                out.write(frame.byteArray());
                out.flush();
            }
        } catch (IOException e) {
            fail(new IOException("sending to node " + endpoint + " failed: " + e.getMessage(), e));
        }
        if (failure != null) {
            reply.completeExceptionally(failure);
        }
        return reply;
    }

    private void readLoop() {
        try {
            ClientFrameReader frames = new ClientFrameReader(socket.getInputStream());
            ClientFrameFlyweight frame;
            while ((frame = frames.next()) != null) {
                String problem = frame.checkHeader(true);
                if (problem != null) {
                    throw new MalformedFrameException(problem);
                }
                Reply reply;
                try {
                    reply = new Reply(frame.status(), frame.leaderId(), frame.logIndex(), frame.valueBytes(),
                        frame.leaderEndpoint());
                } catch (IllegalArgumentException e) {
                    throw new MalformedFrameException(e.getMessage());
                }
                CompletableFuture<Reply> waiting = pending.get(frame.correlationId());
                if (waiting != null) {
                    waiting.complete(reply);
                }
            }
            fail(new IOException("node " + endpoint + " closed the connection"));
        } catch (IOException e) {
            fail(failure != null ? failure : new IOException("connection to node " + endpoint + " failed: " +
                e.getMessage(), e));
        }
    }

    private void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already failing.
        }
        pending.values().forEach(reply -> reply.completeExceptionally(failure));
    }

    @Override
    public void close() {
        fail(new IOException("the client closed its connection to " + endpoint));
    }
}

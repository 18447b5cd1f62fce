package io.replog.examples.server;

import io.replog.examples.client.ClientFrameFlyweight;
import io.replog.examples.client.ClientFrameReader;
import io.replog.examples.client.MalformedFrameException;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.replog.examples.client.ClientProtocolDescriptor.BODY_OFFSET;

/**
 * One client connection: a reader thread decodes requests and hands them to the service, a writer
 * thread sends the answers as they complete (in completion order, matched by correlation id).
 * <p>
 * Back pressure: at most {@code maxInFlight} requests of a connection are between being read and
 * their answer being written. When all slots are taken the reader stops reading, TCP's window fills
 * and the client's writes block; the answers queue is bounded by the same count, so the node's
 * thread, which completes the futures, never waits on a slow client.
 */
final class ClientServerConnection {
    private static final System.Logger LOG = System.getLogger(ClientServerConnection.class.getName());

    private final Socket socket;
    private final RequestDispatcher dispatcher;
    private final Semaphore slots;
    private final BlockingQueue<byte[]> answers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private final String peer;
    private final Thread reader;
    private final Thread writer;

    ClientServerConnection(Socket socket, RequestDispatcher dispatcher, int maxInFlight, Runnable onClose) {
        this.socket = socket;
        this.dispatcher = dispatcher;
        this.slots = new Semaphore(maxInFlight);
        this.answers = new ArrayBlockingQueue<>(maxInFlight);
        this.onClose = onClose;
        this.peer = String.valueOf(socket.getRemoteSocketAddress());
        this.reader = new Thread(this::readLoop, "client-server-read-" + peer);
        this.writer = new Thread(this::writeLoop, "client-server-write-" + peer);
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    void start() {
        reader.start();
        writer.start();
    }

    private void readLoop() {
        try {
            ClientFrameReader frames = new ClientFrameReader(socket.getInputStream());
            ClientFrameFlyweight frame;
            while (!closed.get() && (frame = frames.next()) != null) {
                String problem = frame.checkHeader(false);
                if (problem != null) {
                    throw new MalformedFrameException(problem);
                }
                long correlationId = frame.correlationId();
                ServiceHandler.Request request = dispatcher.decode(frame.type(), correlationId, frame.buffer(),
                    BODY_OFFSET, frame.frameBytes() - BODY_OFFSET);
                slots.acquire();
                dispatcher.start(request).thenAccept(answer -> answer(correlationId, answer));
            }
            close(null);
        } catch (MalformedFrameException e) {
            close("malformed frame: " + e.getMessage());
        } catch (IOException e) {
            close(closed.get() ? null : "read failed: " + e.getMessage());
        } catch (InterruptedException e) {
            close(null);
        }
    }

    private void answer(long correlationId, ServiceHandler.Answer answer) {
        int frameBytes = ClientFrameFlyweight.responseBytes(answer.value(), answer.leaderEndpoint());
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[frameBytes]);
        new ClientFrameFlyweight().wrap(buffer, frameBytes).response(correlationId, answer.status(), answer.leaderId(),
            answer.logIndex(), answer.value(), answer.leaderEndpoint());
        // Never blocks: a slot was taken for this request, and the queue has one place per slot.
        if (!answers.offer(buffer.byteArray())) {
            close("answer queue overflow (a bug: slots and queue places must match)");
        }
    }

    private void writeLoop() {
        try (OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
            while (!closed.get()) {
                byte[] frame = answers.take();
                out.write(frame);
                slots.release();
                if (answers.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            close(closed.get() ? null : "write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            close(null);
        }
    }

    /** Closes once; {@code reason} non-null is logged (a peer closing normally is not news). */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (reason != null) {
            LOG.log(System.Logger.Level.WARNING, "closing client connection " + peer + ": " + reason);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do with it.
        }
        writer.interrupt();
        reader.interrupt();
        onClose.run();
    }
}

package io.replog.examples.client;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

import static io.replog.examples.client.ClientProtocolDescriptor.BODY_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Frames written by hand, as a client with bugs (or none at all) would send them; correlation id 42. */
final class RawFrames {
    private RawFrames() {
    }

    /** Sends one request on a fresh connection and returns the answer (a copy). */
    static ClientFrameFlyweight request(String endpoint, byte type, byte[] body) throws IOException {
        ClientEndpoint target = ClientEndpoint.parse(endpoint);
        try (Socket socket = new Socket(target.host(), target.port())) {
            socket.setSoTimeout(30_000);
            send(socket.getOutputStream(), type, body);
            ClientFrameFlyweight frame = new ClientFrameReader(socket.getInputStream()).next();
            assertNull(frame.checkHeader(true));
            assertEquals(42, frame.correlationId());
            byte[] copy = new byte[frame.frameBytes()];
            frame.buffer().getBytes(0, copy);
            return new ClientFrameFlyweight().wrap(new UnsafeBuffer(copy), copy.length);
        }
    }

    static void send(OutputStream out, byte type, byte[] body) throws IOException {
        out.write(frame(type, body));
        out.flush();
    }

    /** A frame with a sound header of {@code type} around {@code body}. */
    static byte[] frame(byte type, byte[] body) {
        int frameBytes = BODY_OFFSET + body.length;
        UnsafeBuffer frame = new UnsafeBuffer(new byte[frameBytes]);
        new ClientFrameFlyweight().wrap(frame, frameBytes).header(type, 42);
        frame.putBytes(BODY_OFFSET, body);
        return frame.byteArray();
    }

    /** Sends one frame on a fresh connection and says whether the node closed it without an answer. */
    static boolean closesTheConnection(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return socket.getInputStream().read() == -1;
        }
    }
}

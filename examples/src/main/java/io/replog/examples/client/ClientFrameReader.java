package io.replog.examples.client;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import static io.replog.examples.client.ClientProtocolDescriptor.BYTE_ORDER;
import static io.replog.examples.client.ClientProtocolDescriptor.HEADER_LENGTH;
import static io.replog.examples.client.ClientProtocolDescriptor.LENGTH_FIELD_BYTES;
import static io.replog.examples.client.ClientProtocolDescriptor.MAX_FRAME_BYTES;

/**
 * Reads length-prefixed frames from a stream into one reused buffer (grown up to
 * {@link ClientProtocolDescriptor#MAX_FRAME_BYTES}). Not thread-safe: one reader per connection.
 */
public final class ClientFrameReader {
    private final InputStream in;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final ClientFrameFlyweight frame = new ClientFrameFlyweight();

    public ClientFrameReader(InputStream in) {
        this.in = in;
    }

    /**
     * Blocks for the next frame.
     *
     * @return the frame, valid until the next call; null at a clean end of the stream (between frames).
     * @throws MalformedFrameException when the length field is out of range.
     * @throws EOFException when the stream ends inside a frame.
     */
    public ClientFrameFlyweight next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        buffer.putByte(0, (byte)first);
        readFully(1, LENGTH_FIELD_BYTES - 1);
        int length = buffer.getInt(0, BYTE_ORDER);
        int frameBytes = length + LENGTH_FIELD_BYTES;
        if (length < HEADER_LENGTH - LENGTH_FIELD_BYTES || length > MAX_FRAME_BYTES - LENGTH_FIELD_BYTES) {
            throw new MalformedFrameException("frame length " + length + " is outside [" +
                (HEADER_LENGTH - LENGTH_FIELD_BYTES) + ", " + (MAX_FRAME_BYTES - LENGTH_FIELD_BYTES) + "]");
        }
        if (buffer.capacity() < frameBytes) {
            byte[] grown = new byte[Math.max(frameBytes, Math.min(MAX_FRAME_BYTES, buffer.capacity() * 2))];
            buffer.getBytes(0, grown, 0, LENGTH_FIELD_BYTES);
            buffer.wrap(grown);
        }
        readFully(LENGTH_FIELD_BYTES, length);
        return frame.wrap(buffer, frameBytes);
    }

    private void readFully(int offset, int length) throws IOException {
        byte[] array = buffer.byteArray();
        int done = 0;
        while (done < length) {
            int read = in.read(array, offset + done, length - done);
            if (read < 0) {
                throw new EOFException("the stream ended " + (offset + done) + " bytes into a frame");
            }
            done += read;
        }
    }

    public MutableDirectBuffer buffer() {
        return buffer;
    }
}

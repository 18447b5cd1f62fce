package io.replog.examples.client;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.replog.examples.client.ClientProtocolDescriptor.BYTE_ORDER;
import static io.replog.examples.client.ClientProtocolDescriptor.CORRELATION_ID_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.FRAME_LENGTH_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.HEADER_LENGTH;
import static io.replog.examples.client.ClientProtocolDescriptor.LEADER_ENDPOINT_LENGTH_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.LEADER_ID_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.LENGTH_FIELD_BYTES;
import static io.replog.examples.client.ClientProtocolDescriptor.LOG_INDEX_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.MAGIC;
import static io.replog.examples.client.ClientProtocolDescriptor.MAGIC_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.MAX_FRAME_BYTES;
import static io.replog.examples.client.ClientProtocolDescriptor.RESPONSE_HEADER_LENGTH;
import static io.replog.examples.client.ClientProtocolDescriptor.STATUS_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_COUNTER_REQUEST;
import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_KV_REQUEST;
import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.isRequestType;
import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_RESPONSE;
import static io.replog.examples.client.ClientProtocolDescriptor.VALUE_LENGTH_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.VERSION;
import static io.replog.examples.client.ClientProtocolDescriptor.VERSION_OFFSET;

/**
 * Reads and writes one frame of the {@link ClientProtocolDescriptor client protocol} over a buffer
 * whose offset 0 is the frame's length field. Reusable: {@link #wrap} another frame.
 */
public final class ClientFrameFlyweight {
    private MutableDirectBuffer buffer;
    private int frameBytes;

    /** Wraps a frame of {@code frameBytes} bytes (length field included) at offset 0 of {@code buffer}. */
    public ClientFrameFlyweight wrap(MutableDirectBuffer buffer, int frameBytes) {
        this.buffer = buffer;
        this.frameBytes = frameBytes;
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int frameBytes() {
        return frameBytes;
    }

    /** Writes the header (and the length field, from {@link #wrap}'s {@code frameBytes}). */
    public ClientFrameFlyweight header(byte type, long correlationId) {
        buffer.putInt(FRAME_LENGTH_OFFSET, frameBytes - LENGTH_FIELD_BYTES, BYTE_ORDER);
        buffer.putShort(MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        buffer.putByte(VERSION_OFFSET, VERSION);
        buffer.putByte(TYPE_OFFSET, type);
        buffer.putLong(CORRELATION_ID_OFFSET, correlationId, BYTE_ORDER);
        return this;
    }

    /**
     * Checks a frame this side received: a response for a client ({@code expectResponse}), else a
     * request of any service (which one is for the server to judge, by {@link #type()}).
     *
     * @return null when the header is sound, else why the frame is malformed.
     */
    public String checkHeader(boolean expectResponse) {
        if (frameBytes < HEADER_LENGTH || frameBytes > MAX_FRAME_BYTES) {
            return "frame of " + frameBytes + " bytes is outside [" + HEADER_LENGTH + ", " + MAX_FRAME_BYTES + "]";
        }
        if (buffer.getShort(MAGIC_OFFSET, BYTE_ORDER) != MAGIC) {
            return "bad magic 0x" + Integer.toHexString(buffer.getShort(MAGIC_OFFSET, BYTE_ORDER) & 0xFFFF) +
                " (not a replog client)";
        }
        if (buffer.getByte(VERSION_OFFSET) != VERSION) {
            return "protocol version " + buffer.getByte(VERSION_OFFSET) + ", this side speaks " + VERSION;
        }
        byte type = type();
        if (expectResponse ? type != TYPE_RESPONSE : !isRequestType(type)) {
            return "frame type " + type + " where " + (expectResponse ? "a response (" + TYPE_RESPONSE + ")" :
                "a request (" + TYPE_KV_REQUEST + " or " + TYPE_COUNTER_REQUEST + ")") + " was expected";
        }
        if (expectResponse && frameBytes < RESPONSE_HEADER_LENGTH) {
            return "response of " + frameBytes + " bytes is shorter than its " + RESPONSE_HEADER_LENGTH + "-byte header";
        }
        return null;
    }

    public byte type() {
        return buffer.getByte(TYPE_OFFSET);
    }

    public long correlationId() {
        return buffer.getLong(CORRELATION_ID_OFFSET, BYTE_ORDER);
    }

    public ReplyStatus status() {
        return ReplyStatus.of(buffer.getInt(STATUS_OFFSET, BYTE_ORDER));
    }

    public int leaderId() {
        return buffer.getInt(LEADER_ID_OFFSET, BYTE_ORDER);
    }

    public long logIndex() {
        return buffer.getLong(LOG_INDEX_OFFSET, BYTE_ORDER);
    }

    /** The value of a response as bytes, null when absent; checks its length against the frame. */
    public byte[] valueBytes() {
        int length = buffer.getInt(VALUE_LENGTH_OFFSET, BYTE_ORDER);
        if (length < 0) {
            return null;
        }
        checkFits(RESPONSE_HEADER_LENGTH, length, "value");
        byte[] value = new byte[length];
        buffer.getBytes(RESPONSE_HEADER_LENGTH, value);
        return value;
    }

    /** The value of a response as UTF-8 (a key-value answer), null when absent. */
    public String value() {
        int length = buffer.getInt(VALUE_LENGTH_OFFSET, BYTE_ORDER);
        if (length < 0) {
            return null;
        }
        checkFits(RESPONSE_HEADER_LENGTH, length, "value");
        return buffer.getStringWithoutLengthUtf8(RESPONSE_HEADER_LENGTH, length);
    }

    /** The leader's client endpoint of a NOT_LEADER response, null when none is known. */
    public String leaderEndpoint() {
        int valueLength = Math.max(buffer.getInt(VALUE_LENGTH_OFFSET, BYTE_ORDER), 0);
        int length = buffer.getInt(LEADER_ENDPOINT_LENGTH_OFFSET, BYTE_ORDER);
        if (length == 0) {
            return null;
        }
        checkFits(RESPONSE_HEADER_LENGTH + valueLength, length, "leader endpoint");
        return buffer.getStringWithoutLengthUtf8(RESPONSE_HEADER_LENGTH + valueLength, length);
    }

    private void checkFits(int offset, int length, String what) {
        if (length < 0 || (long)offset + length > frameBytes) {
            throw new IllegalArgumentException(what + " of " + length + " bytes at offset " + offset +
                " does not fit in a frame of " + frameBytes + " bytes");
        }
    }

    /** Bytes a response frame with this value and leader endpoint takes, length field included. */
    public static int responseBytes(byte[] value, byte[] leaderEndpoint) {
        return RESPONSE_HEADER_LENGTH + (value == null ? 0 : value.length) + leaderEndpoint.length;
    }

    /** Writes a whole response; {@link #wrap} must have been given {@link #responseBytes} bytes. */
    public void response(long correlationId, ReplyStatus status, int leaderId, long logIndex, byte[] value,
                         byte[] leaderEndpoint) {
        header(TYPE_RESPONSE, correlationId);
        buffer.putInt(STATUS_OFFSET, status.ordinal(), BYTE_ORDER);
        buffer.putInt(LEADER_ID_OFFSET, leaderId, BYTE_ORDER);
        buffer.putLong(LOG_INDEX_OFFSET, logIndex, BYTE_ORDER);
        buffer.putInt(VALUE_LENGTH_OFFSET, value == null ? -1 : value.length, BYTE_ORDER);
        buffer.putInt(LEADER_ENDPOINT_LENGTH_OFFSET, leaderEndpoint.length, BYTE_ORDER);
        int position = RESPONSE_HEADER_LENGTH;
        if (value != null) {
            buffer.putBytes(position, value);
            position += value.length;
        }
        buffer.putBytes(position, leaderEndpoint);
    }
}

package io.replog.examples.pb;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * A counter's value as the primary set it: the value, the primary's wall clock when it did, and a
 * random id it drew. Also the response to every request (24 bytes, little-endian).
 */
public record Stamp(long value, long stampedAtMillis, long id) {
    public static final Stamp ABSENT = new Stamp(0, 0, 0);
    static final int LENGTH = 24;

    public byte[] encode() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[LENGTH]);
        encode(buffer, 0);
        return buffer.byteArray();
    }

    void encode(UnsafeBuffer buffer, int offset) {
        buffer.putLong(offset, value, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + 8, stampedAtMillis, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + 16, id, ByteOrder.LITTLE_ENDIAN);
    }

    public static Stamp decode(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a stamp is " + LENGTH + " bytes, got " + bytes.length);
        }
        return decode(new UnsafeBuffer(bytes), 0);
    }

    static Stamp decode(DirectBuffer buffer, int offset) {
        return new Stamp(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(offset + 8, ByteOrder.LITTLE_ENDIAN), buffer.getLong(offset + 16, ByteOrder.LITTLE_ENDIAN));
    }
}

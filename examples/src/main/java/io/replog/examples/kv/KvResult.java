package io.replog.examples.kv;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a {@link KvCommand}: a status and a value ({@code null} when the key is absent).
 * <pre>
 *  0: status (int32) | 4: value length (int32, -1 absent) | 8: value (UTF-8)
 * </pre>
 * For PUT and DELETE the value is the previous one; for GET and APPEND the current one; for a
 * failed CAS the current one.
 */
public record KvResult(Status status, String value) {
    public enum Status {
        OK,
        /** CAS found another value than expected; nothing changed. */
        CAS_FAILED,
        /** A sequence older than the client's last: the client retried something long answered. */
        STALE_REQUEST,
        /** The command could not be decoded; nothing changed. */
        MALFORMED
    }

    public byte[] encode() {
        byte[] valueBytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[8 + valueBytes.length]);
        buffer.putInt(0, status.ordinal());
        buffer.putInt(4, value == null ? -1 : valueBytes.length);
        buffer.putBytes(8, valueBytes);
        return buffer.byteArray();
    }

    public static KvResult decode(byte[] bytes) {
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        int length = buffer.getInt(4);
        return new KvResult(Status.values()[buffer.getInt(0)], length < 0 ? null :
            buffer.getStringWithoutLengthUtf8(8, length));
    }
}

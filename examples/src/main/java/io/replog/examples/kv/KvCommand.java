package io.replog.examples.kv;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * A key-value command as it travels in the log.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |      Op       |     Flags     |           Reserved            |  0
 *  +---------------+---------------+-------------------------------+
 *  |                   Key Length (bytes, UTF-8)                   |  4
 *  +---------------------------------------------------------------+
 *  |                 Client Id (0: no session)                     |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Request Sequence (per client, from 1)              | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                        Value Length                           | 24
 *  +---------------------------------------------------------------+
 *  |                  Expected Length (-1: absent)                 | 28
 *  +---------------------------------------------------------------+
 *  |           Key ... | Value ... | Expected ...                 ... 32
 *  +---------------------------------------------------------------+
 * </pre>
 * The client id and sequence make retries safe: a command the state machine already applied for
 * that client answers with the remembered result instead of applying twice.
 */
public record KvCommand(Op op, String key, String value, String expected, long clientId, long sequence) {
    public enum Op {
        PUT, GET, APPEND, DELETE, CAS;

        static Op of(int code) {
            if (code < 0 || code >= values().length) {
                throw new IllegalArgumentException("unknown key-value op code " + code);
            }
            return values()[code];
        }
    }

    static final int OP_OFFSET = 0;
    static final int KEY_LENGTH_OFFSET = 4;
    static final int CLIENT_ID_OFFSET = 8;
    static final int SEQUENCE_OFFSET = 16;
    static final int VALUE_LENGTH_OFFSET = 24;
    static final int EXPECTED_LENGTH_OFFSET = 28;
    static final int HEADER_LENGTH = 32;

    public static KvCommand put(String key, String value) {
        return new KvCommand(Op.PUT, key, value, null, 0, 0);
    }

    public static KvCommand get(String key) {
        return new KvCommand(Op.GET, key, null, null, 0, 0);
    }

    public static KvCommand append(String key, String value) {
        return new KvCommand(Op.APPEND, key, value, null, 0, 0);
    }

    public static KvCommand delete(String key) {
        return new KvCommand(Op.DELETE, key, null, null, 0, 0);
    }

    /** Sets {@code key} to {@code value} if its current value is {@code expected} (null: the key is absent). */
    public static KvCommand cas(String key, String expected, String value) {
        return new KvCommand(Op.CAS, key, value, expected, 0, 0);
    }

    /** The same command within a client session, so that a retry is applied once. */
    public KvCommand session(long clientId, long sequence) {
        return new KvCommand(op, key, value, expected, clientId, sequence);
    }

    public byte[] encode() {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        byte[] expectedBytes = expected == null ? new byte[0] : expected.getBytes(StandardCharsets.UTF_8);
        MutableDirectBuffer buffer = new UnsafeBuffer(new byte[HEADER_LENGTH + keyBytes.length + valueBytes.length +
            expectedBytes.length]);
        buffer.putByte(OP_OFFSET, (byte)op.ordinal());
        buffer.putInt(KEY_LENGTH_OFFSET, keyBytes.length);
        buffer.putLong(CLIENT_ID_OFFSET, clientId);
        buffer.putLong(SEQUENCE_OFFSET, sequence);
        buffer.putInt(VALUE_LENGTH_OFFSET, valueBytes.length);
        buffer.putInt(EXPECTED_LENGTH_OFFSET, expected == null ? -1 : expectedBytes.length);
        buffer.putBytes(HEADER_LENGTH, keyBytes);
        buffer.putBytes(HEADER_LENGTH + keyBytes.length, valueBytes);
        buffer.putBytes(HEADER_LENGTH + keyBytes.length + valueBytes.length, expectedBytes);
        return buffer.byteArray();
    }

    /** @throws IllegalArgumentException naming what is wrong when the bytes are not a command. */
    public static KvCommand decode(DirectBuffer buffer, int offset, int length) {
        if (length < HEADER_LENGTH) {
            throw new IllegalArgumentException("a key-value command needs at least " + HEADER_LENGTH + " bytes, got " +
                length);
        }
        Op op = Op.of(buffer.getByte(offset + OP_OFFSET));
        int keyLength = buffer.getInt(offset + KEY_LENGTH_OFFSET);
        int valueLength = buffer.getInt(offset + VALUE_LENGTH_OFFSET);
        int expectedLength = buffer.getInt(offset + EXPECTED_LENGTH_OFFSET);
        long total = (long)HEADER_LENGTH + keyLength + valueLength + Math.max(expectedLength, 0);
        if (keyLength < 0 || valueLength < 0 || expectedLength < -1 || total != length) {
            throw new IllegalArgumentException("key-value command lengths (key " + keyLength + ", value " + valueLength +
                ", expected " + expectedLength + ") do not add up to its " + length + " bytes");
        }
        int position = offset + HEADER_LENGTH;
        String key = buffer.getStringWithoutLengthUtf8(position, keyLength);
        position += keyLength;
        String value = op == Op.PUT || op == Op.APPEND || op == Op.CAS ?
            buffer.getStringWithoutLengthUtf8(position, valueLength) : null;
        position += valueLength;
        String expected = expectedLength < 0 ? null : buffer.getStringWithoutLengthUtf8(position, expectedLength);
        return new KvCommand(op, key, value, expected, buffer.getLong(offset + CLIENT_ID_OFFSET),
            buffer.getLong(offset + SEQUENCE_OFFSET));
    }
}

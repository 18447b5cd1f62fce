package io.replog.examples.pb;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A request to the stamped counters, as the primary receives it.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  |      Op       |                  Reserved                     |  0
 *  +---------------+-----------------------------------------------+
 *  |                 Client Id (0: no session)                     |  4
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            Request Sequence (per client, from 1)              | 12
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Amount (INCREMENT only)                      | 20
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Counter name (UTF-8) ...                   ... 28
 *  +---------------------------------------------------------------+
 * </pre>
 * Little-endian.
 */
public record CounterRequest(Op op, String name, long amount, long clientId, long sequence) {
    public enum Op {
        /** Adds the amount; the primary stamps the new value with its clock and a random id. */
        INCREMENT,
        /** Reads the counter: changes nothing, so no delta. */
        READ
    }

    static final int OP_OFFSET = 0;
    static final int CLIENT_ID_OFFSET = 4;
    static final int SEQUENCE_OFFSET = 12;
    static final int AMOUNT_OFFSET = 20;
    static final int HEADER_LENGTH = 28;

    public static CounterRequest increment(String name, long amount) {
        return new CounterRequest(Op.INCREMENT, name, amount, 0, 0);
    }

    public static CounterRequest read(String name) {
        return new CounterRequest(Op.READ, name, 0, 0, 0);
    }

    /** The same request within a client session, so that a retry takes effect once. */
    public CounterRequest session(long clientId, long sequence) {
        return new CounterRequest(op, name, amount, clientId, sequence);
    }

    public byte[] encode() {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HEADER_LENGTH + nameBytes.length]);
        buffer.putByte(OP_OFFSET, (byte)op.ordinal());
        buffer.putLong(CLIENT_ID_OFFSET, clientId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(AMOUNT_OFFSET, amount, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(HEADER_LENGTH, nameBytes);
        return buffer.byteArray();
    }

    public static CounterRequest decode(DirectBuffer buffer, int offset, int length) {
        if (length < HEADER_LENGTH) {
            throw new IllegalArgumentException("a counter request needs at least " + HEADER_LENGTH + " bytes, got " + length);
        }
        int code = buffer.getByte(offset + OP_OFFSET);
        if (code < 0 || code >= Op.values().length) {
            throw new IllegalArgumentException("unknown counter request op code " + code);
        }
        byte[] name = new byte[length - HEADER_LENGTH];
        buffer.getBytes(offset + HEADER_LENGTH, name);
        return new CounterRequest(Op.values()[code], new String(name, StandardCharsets.UTF_8),
            buffer.getLong(offset + AMOUNT_OFFSET, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(offset + CLIENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN),
            buffer.getLong(offset + SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN));
    }
}

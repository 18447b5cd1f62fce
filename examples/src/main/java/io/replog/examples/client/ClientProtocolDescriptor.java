package io.replog.examples.client;

import java.nio.ByteOrder;

/**
 * The key-value client protocol: length-prefixed frames over one TCP connection, little-endian.
 * A client may pipeline requests; the server answers each one once, in any order, matched by the
 * correlation id the client chose. The request id that makes retries safe is not the correlation
 * id but the {@code (client id, sequence)} pair inside the command: a retry, on this connection or
 * another node's, carries the same pair and the store applies the command once.
 * <p>
 * Request (type {@link #TYPE_REQUEST}): the body is a {@link io.replog.examples.kv.KvCommand} as it
 * travels in the log, so a node appends a write without re-encoding it.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            Frame Length (bytes after this field)              |  0
 *  +-------------------------------+---------------+---------------+
 *  |         Magic 0x4B56          |    Version    |     Type      |  4
 *  +-------------------------------+---------------+---------------+
 *  |                       Correlation Id                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   KvCommand: op, key length, client id, sequence, ...       ...  16
 *  +---------------------------------------------------------------+
 * </pre>
 * Response (type {@link #TYPE_RESPONSE}):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            Frame Length (bytes after this field)              |  0
 *  +-------------------------------+---------------+---------------+
 *  |         Magic 0x4B56          |    Version    |     Type      |  4
 *  +-------------------------------+---------------+---------------+
 *  |                       Correlation Id                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                    Status (see ReplyStatus)                      | 16
 *  +---------------------------------------------------------------+
 *  |              Leader Id (NOT_LEADER; 0: unknown)               | 20
 *  +---------------------------------------------------------------+
 *  |     Log Index (write: where it committed; get: read index)    | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               Value Length (-1: key absent)                   | 32
 *  +---------------------------------------------------------------+
 *  |        Leader Endpoint Length (0: none or unknown)            | 36
 *  +---------------------------------------------------------------+
 *  |        Value (UTF-8) ... | Leader Client Endpoint (UTF-8)   ... 40
 *  +---------------------------------------------------------------+
 * </pre>
 * A frame whose length is out of range, whose magic, version or type is wrong, or whose command
 * does not decode is malformed: the receiver closes the connection (and says why in its log)
 * rather than guess where the next frame starts.
 */
public final class ClientProtocolDescriptor {
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final short MAGIC = 0x4B56; // "KV"
    public static final byte VERSION = 1;
    public static final byte TYPE_REQUEST = 1;
    public static final byte TYPE_RESPONSE = 2;

    public static final int LENGTH_FIELD_BYTES = 4;
    /** Frames above this (length field included) are malformed: a bound on what one peer makes us buffer. */
    public static final int MAX_FRAME_BYTES = 1024 * 1024;

    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int VERSION_OFFSET = 6;
    public static final int TYPE_OFFSET = 7;
    public static final int CORRELATION_ID_OFFSET = 8;
    public static final int HEADER_LENGTH = 16;

    public static final int COMMAND_OFFSET = HEADER_LENGTH;

    public static final int STATUS_OFFSET = 16;
    public static final int LEADER_ID_OFFSET = 20;
    public static final int LOG_INDEX_OFFSET = 24;
    public static final int VALUE_LENGTH_OFFSET = 32;
    public static final int LEADER_ENDPOINT_LENGTH_OFFSET = 36;
    public static final int RESPONSE_HEADER_LENGTH = 40;

    private ClientProtocolDescriptor() {
    }
}

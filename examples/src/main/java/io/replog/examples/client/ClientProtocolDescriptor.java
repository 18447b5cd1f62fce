package io.replog.examples.client;

import java.nio.ByteOrder;

/**
 * The client protocol of the example services: length-prefixed frames over one TCP connection,
 * little-endian. A client may pipeline requests; the server answers each one once, in any order,
 * matched by the correlation id the client chose. The request id that makes retries safe is not
 * the correlation id but the {@code (client id, sequence)} pair inside the request: a retry, on this
 * connection or another node's, carries the same pair and the service applies the request once.
 * <p>
 * The frame type says which service a request is for; a node serves one service, and answers a
 * well-formed request for another with {@link ReplyStatus#WRONG_SERVICE} (the value field names the
 * service it serves) instead of guessing:
 * <ul>
 *   <li>{@link #TYPE_KV_REQUEST}: the body is a {@link io.replog.examples.kv.KvCommand} as it travels
 *       in the log, so a node appends a write without re-encoding it; the response's value is UTF-8;</li>
 *   <li>{@link #TYPE_COUNTER_REQUEST}: the body is a {@link io.replog.examples.pb.CounterRequest}, which
 *       the primary executes; the response's value is the 24-byte {@link io.replog.examples.pb.Stamp}
 *       and its log index 0 (the primary-backup layer answers with the response alone).</li>
 * </ul>
 * Request (type {@link #TYPE_KV_REQUEST} or {@link #TYPE_COUNTER_REQUEST}):
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
 *  |   Request body (KvCommand or CounterRequest) ...            ... 16
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
 *  |                    Status (see ReplyStatus)                   | 16
 *  +---------------------------------------------------------------+
 *  |              Leader Id (NOT_LEADER; 0: unknown)               | 20
 *  +---------------------------------------------------------------+
 *  |  Log Index (kv write: where it committed; get: read index)    | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               Value Length (-1: key absent)                   | 32
 *  +---------------------------------------------------------------+
 *  |        Leader Endpoint Length (0: none or unknown)            | 36
 *  +---------------------------------------------------------------+
 *  | Value (kv: UTF-8, counters: Stamp) | Leader Endpoint (UTF-8)... 40
 *  +---------------------------------------------------------------+
 * </pre>
 * A frame whose length is out of range, whose magic or version is wrong, whose type is unknown or
 * not the one this side expects (a response to a server, a request to a client), or whose request
 * does not decode is malformed: the receiver closes the connection (and says why in its log)
 * rather than guess where the next frame starts.
 */
public final class ClientProtocolDescriptor {
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final short MAGIC = 0x4B56; // "KV"
    /** Still 1: the key-value frames of version 1 are unchanged; counter requests and WRONG_SERVICE only add to it. */
    public static final byte VERSION = 1;
    /** A key-value command (the only request type of the first version: its frames are unchanged). */
    public static final byte TYPE_KV_REQUEST = 1;
    public static final byte TYPE_RESPONSE = 2;
    /** A counter request to a primary-backup node running the stamped counters. */
    public static final byte TYPE_COUNTER_REQUEST = 3;

    public static final int LENGTH_FIELD_BYTES = 4;
    /** Frames above this (length field included) are malformed: a bound on what one peer makes us buffer. */
    public static final int MAX_FRAME_BYTES = 1024 * 1024;

    public static final int FRAME_LENGTH_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int VERSION_OFFSET = 6;
    public static final int TYPE_OFFSET = 7;
    public static final int CORRELATION_ID_OFFSET = 8;
    public static final int HEADER_LENGTH = 16;

    public static final int BODY_OFFSET = HEADER_LENGTH;

    public static final int STATUS_OFFSET = 16;
    public static final int LEADER_ID_OFFSET = 20;
    public static final int LOG_INDEX_OFFSET = 24;
    public static final int VALUE_LENGTH_OFFSET = 32;
    public static final int LEADER_ENDPOINT_LENGTH_OFFSET = 36;
    public static final int RESPONSE_HEADER_LENGTH = 40;

    private ClientProtocolDescriptor() {
    }

    /** Whether {@code type} is a request type of this protocol (for any service). */
    public static boolean isRequestType(byte type) {
        return type == TYPE_KV_REQUEST || type == TYPE_COUNTER_REQUEST;
    }
}

package io.replog.examples.server;

import io.replog.examples.client.ReplyStatus;
import org.agrona.DirectBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * One service a {@link ClientServer} serves: it turns the body of a request frame of its type into
 * work for its node. The server does the rest, the same for every service: frames, the per-connection
 * in-flight bound, a timeout, NOT_LEADER answers with the leader's client endpoint, RETRY for
 * anything else that failed, and WRONG_SERVICE for requests of another service's type.
 */
public interface ServiceHandler {
    /** The request frame type this service accepts (a {@code TYPE_*_REQUEST} of the protocol). */
    byte requestType();

    /** Its name in WRONG_SERVICE answers and messages, as {@code replog node --service} spells it. */
    String serviceName();

    /**
     * Decodes the request in {@code body[offset, offset + length)}, which is valid only during this
     * call (copy what the work needs). Called on a connection's reader thread; starts nothing.
     *
     * @return the request's work, which the server starts once the connection has an in-flight slot.
     * @throws IllegalArgumentException when the body does not decode: the frame is malformed and the
     *                                  server closes the connection.
     */
    Request decode(DirectBuffer body, int offset, int length);

    /** A decoded request, ready to start. */
    @FunctionalInterface
    interface Request {
        /**
         * @return the answer; may fail with a {@code NotLeaderException} (answered NOT_LEADER) or
         *         anything else (answered RETRY: the client sends the same request again).
         */
        CompletableFuture<Answer> start();
    }

    /** What to send back: {@code value} null when absent; {@code leaderEndpoint} UTF-8, empty when none. */
    record Answer(ReplyStatus status, int leaderId, long logIndex, byte[] value, byte[] leaderEndpoint) {
        static final byte[] NO_ENDPOINT = new byte[0];

        public static Answer of(ReplyStatus status, long logIndex, byte[] value) {
            return new Answer(status, 0, logIndex, value, NO_ENDPOINT);
        }

        static Answer retry() {
            return of(ReplyStatus.RETRY, 0, null);
        }
    }
}

package io.replog.examples.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request ids of a client's writes: {@code (client id, sequence)} pairs from sessions that each
 * carry one operation at a time, because the services remember one answer per client id (the answer
 * a retry gets). Concurrent operations draw distinct sessions; the pool grows to the peak
 * concurrency and a session goes back when its operation ends, answered or not (its next operation
 * takes the next sequence, which also tells the service the previous answer is no longer needed).
 * Thread-safe.
 */
final class SessionPool {
    private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();

    /** A request id source for one operation at a time. */
    private static final class Session {
        final long clientId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        long sequence;
    }

    /** Builds a request from a client id and sequence. */
    @FunctionalInterface
    interface Operation<T> {
        CompletableFuture<T> run(long clientId, long sequence);
    }

    /** Runs {@code operation} with the next request id of an idle session, held until the future completes. */
    <T> CompletableFuture<T> withNextRequestId(Operation<T> operation) {
        Session polled = idle.pollFirst();
        Session held = polled != null ? polled : new Session();
        CompletableFuture<T> result;
        try {
            result = operation.run(held.clientId, ++held.sequence);
        } catch (RuntimeException e) {
            idle.offerFirst(held);
            throw e;
        }
        return result.whenComplete((value, failure) -> idle.offerFirst(held));
    }
}

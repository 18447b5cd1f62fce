package io.replog.examples.server;

import io.replog.examples.client.MalformedFrameException;
import io.replog.examples.client.ReplyStatus;
import io.replog.replication.node.NotLeaderException;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * What serving a request involves for every service: a request of another service's type is
 * answered WRONG_SERVICE, one that does not decode is a malformed frame, and the work's failures
 * become answers: NOT_LEADER with the leader's client endpoint (from {@code clientEndpoints}), or
 * RETRY for anything else, including work still unfinished after {@code requestTimeoutMs}.
 */
final class RequestDispatcher {
    private final ServiceHandler handler;
    private final Map<Integer, String> clientEndpoints;
    private final long requestTimeoutMs;
    private final ServiceHandler.Answer wrongService;

    RequestDispatcher(ServiceHandler handler, Map<Integer, String> clientEndpoints, long requestTimeoutMs) {
        this.handler = handler;
        this.clientEndpoints = Map.copyOf(clientEndpoints);
        this.requestTimeoutMs = requestTimeoutMs;
        this.wrongService = ServiceHandler.Answer.of(ReplyStatus.WRONG_SERVICE, 0, Utf8.utf8(handler.serviceName()));
    }

    /** Decodes a request frame's body (its header already checked); starts nothing. */
    ServiceHandler.Request decode(byte type, long correlationId, DirectBuffer buffer, int offset, int length)
        throws MalformedFrameException {
        if (type != handler.requestType()) {
            return () -> CompletableFuture.completedFuture(wrongService);
        }
        try {
            return handler.decode(buffer, offset, length);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("request " + correlationId + ": " + e.getMessage());
        }
    }

    /** Starts a decoded request; never completes exceptionally. */
    CompletableFuture<ServiceHandler.Answer> start(ServiceHandler.Request request) {
        CompletableFuture<ServiceHandler.Answer> answer;
        try {
            answer = request.start();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        // A leader cut off from its peers keeps appends pending until it learns of a new leader: answer
        // RETRY meanwhile, so the connection's in-flight slot frees and the client tries elsewhere.
        return answer.orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS).exceptionally(this::failure);
    }

    private ServiceHandler.Answer failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() :
            failure;
        if (cause instanceof NotLeaderException notLeader) {
            int leaderId = notLeader.leaderId();
            String endpoint = leaderId == 0 ? null : clientEndpoints.get(leaderId);
            return new ServiceHandler.Answer(ReplyStatus.NOT_LEADER, leaderId, 0, null,
                endpoint == null ? ServiceHandler.Answer.NO_ENDPOINT : Utf8.utf8(endpoint));
        }
        // Not committed (leadership changed), queue full, timed out, stopping: the same request may be retried.
        return ServiceHandler.Answer.retry();
    }
}

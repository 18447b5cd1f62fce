package io.replog.examples.server;

import io.replog.examples.client.ReplyStatus;
import io.replog.examples.kv.KvCommand;
import io.replog.examples.kv.KvResult;
import io.replog.replication.node.NotLeaderException;
import io.replog.replication.node.ReplogNode;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Turns a decoded request into node work: a write is appended as is (its client id and sequence
 * make a retry apply once), a get confirms leadership with a ReadIndex and reads the local store
 * once the node has applied up to that index, which makes it linearizable.
 */
final class KvRequestHandler {
    private static final byte[] NO_ENDPOINT = new byte[0];

    private final ReplogNode node;
    private final SharedKvState state;
    private final Map<Integer, String> clientEndpoints;
    private final long requestTimeoutMs;

    /** What to send back; {@code value} and {@code leaderEndpoint} are UTF-8, the first may be null. */
    record Answer(ReplyStatus status, int leaderId, long logIndex, byte[] value, byte[] leaderEndpoint) {
        static Answer retry() {
            return new Answer(ReplyStatus.RETRY, 0, 0, null, NO_ENDPOINT);
        }
    }

    KvRequestHandler(ReplogNode node, SharedKvState state, Map<Integer, String> clientEndpoints, long requestTimeoutMs) {
        this.node = node;
        this.state = state;
        this.clientEndpoints = Map.copyOf(clientEndpoints);
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /** Never completes exceptionally: failures become NOT_LEADER or RETRY answers. */
    CompletableFuture<Answer> handle(KvCommand command, byte[] commandBytes) {
        CompletableFuture<Answer> answer;
        try {
            answer = command.op() == KvCommand.Op.GET ? get(command.key()) : write(commandBytes);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        // A leader cut off from its peers keeps appends pending until it learns of a new leader: answer
        // RETRY meanwhile, so the connection's in-flight slot frees and the client tries elsewhere.
        return answer.orTimeout(requestTimeoutMs, TimeUnit.MILLISECONDS)
            .exceptionally(this::failure);
    }

    private CompletableFuture<Answer> get(String key) {
        return node.readIndex().thenApply(readIndex -> {
            String value = state.get(key);
            return new Answer(ReplyStatus.OK, 0, readIndex, Utf8.utf8(value), NO_ENDPOINT);
        });
    }

    private CompletableFuture<Answer> write(byte[] commandBytes) {
        return node.append(commandBytes).thenApply(committed -> {
            KvResult result = KvResult.decode(committed.result());
            ReplyStatus status = switch (result.status()) {
                case OK -> ReplyStatus.OK;
                case CAS_FAILED -> ReplyStatus.CAS_FAILED;
                case STALE_REQUEST -> ReplyStatus.STALE_REQUEST;
                case MALFORMED -> throw new IllegalStateException("the store could not decode a command the server " +
                    "decoded: " + result.value());
            };
            return new Answer(status, 0, committed.index(), Utf8.utf8(result.value()), NO_ENDPOINT);
        });
    }

    private Answer failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() :
            failure;
        if (cause instanceof NotLeaderException notLeader) {
            int leaderId = notLeader.leaderId();
            String endpoint = leaderId == 0 ? null : clientEndpoints.get(leaderId);
            return new Answer(ReplyStatus.NOT_LEADER, leaderId, 0, null,
                endpoint == null ? NO_ENDPOINT : Utf8.utf8(endpoint));
        }
        // Not committed (leadership changed), queue full, timed out, stopping: the same request may be retried.
        return Answer.retry();
    }
}

package io.replog.examples.client;

import io.replog.examples.kv.KvCommand;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the replicated key-value store, usable from any program that can reach the nodes'
 * client endpoints. It finds the leader (following NOT_LEADER redirects, or trying the endpoints in
 * turn), and retries on not-leader, timeout and connection loss <em>with the same request id</em>
 * until the operation's timeout: the store applies a write once however often it is sent.
 * <pre>{@code
 * try (KvClient kv = new KvClient(new ClientConfig().endpoints("10.0.0.1:9101,10.0.0.2:9101,10.0.0.3:9101"))) {
 *     kv.put("x", "1");
 *     kv.casAsync("x", "1", "2").thenAccept(r -> System.out.println(r.status()));
 *     String x = kv.get("x").value();                                   // linearizable
 * }
 * }</pre>
 * Thread-safe: share one client. Request ids are {@code (client id, sequence)} pairs from sessions
 * that each carry one operation at a time (the store remembers one answer per client id), so
 * concurrent operations draw distinct sessions from a pool that grows to the peak concurrency.
 * Futures complete on the client's threads; do heavy work elsewhere.
 */
public final class KvClient implements AutoCloseable {
    private final ClientConfig config;
    private final List<ClientEndpoint> endpoints;
    private final Map<ClientEndpoint, ClientConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Session> idleSessions = new ConcurrentLinkedDeque<>();
    private final AtomicInteger nextEndpoint = new AtomicInteger();
    private final Set<CompletableFuture<KvResponse>> outstanding = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor executor;
    private volatile ClientEndpoint leaderHint;
    private volatile boolean closed;

    /** A client id with its last sequence; used by one operation at a time. */
    private static final class Session {
        final long clientId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        long sequence;
    }

    public KvClient(ClientConfig config) {
        config.validate();
        this.config = config;
        this.endpoints = List.copyOf(config.endpoints());
        this.executor = new ScheduledThreadPoolExecutor(4, runnable -> {
            Thread thread = new Thread(runnable, "kv-client");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    public CompletableFuture<KvResponse> putAsync(String key, String value) {
        return write(KvCommand.put(key, value));
    }

    /** Linearizable: served by the leader after it confirmed its leadership with a quorum. */
    public CompletableFuture<KvResponse> getAsync(String key) {
        return execute(KvCommand.get(key));
    }

    public CompletableFuture<KvResponse> appendAsync(String key, String value) {
        return write(KvCommand.append(key, value));
    }

    public CompletableFuture<KvResponse> deleteAsync(String key) {
        return write(KvCommand.delete(key));
    }

    /** Sets {@code key} to {@code value} if it holds {@code expected} (null: if absent); else CAS_FAILED. */
    public CompletableFuture<KvResponse> casAsync(String key, String expected, String value) {
        return write(KvCommand.cas(key, expected, value));
    }

    public KvResponse put(String key, String value) {
        return await(putAsync(key, value));
    }

    public KvResponse get(String key) {
        return await(getAsync(key));
    }

    public KvResponse append(String key, String value) {
        return await(appendAsync(key, value));
    }

    public KvResponse delete(String key) {
        return await(deleteAsync(key));
    }

    public KvResponse cas(String key, String expected, String value) {
        return await(casAsync(key, expected, value));
    }

    private CompletableFuture<KvResponse> write(KvCommand command) {
        Session session = idleSessions.pollFirst();
        Session held = session != null ? session : new Session();
        return execute(command.session(held.clientId, ++held.sequence))
            .whenComplete((response, failure) -> idleSessions.offerFirst(held));
    }

    /**
     * Sends {@code command} exactly as given, retrying it with the same request id until an answer
     * or the timeout. A write with a client id and sequence ({@link KvCommand#session}) is applied
     * once however often it is sent; keep one request in flight per client id.
     */
    public CompletableFuture<KvResponse> execute(KvCommand command) {
        CompletableFuture<KvResponse> result = new CompletableFuture<>();
        outstanding.add(result);
        result.whenComplete((response, failure) -> outstanding.remove(result));
        Attempts attempts = new Attempts(command, command.encode(), result,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs()));
        try {
            executor.execute(attempts::next);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    /** The retry loop of one operation; each step runs on the client's executor. */
    private final class Attempts {
        private final KvCommand command;
        private final byte[] encoded;
        private final CompletableFuture<KvResponse> result;
        private final long deadlineNs;
        private int attempt;
        private String lastProblem = "no node was tried";

        Attempts(KvCommand command, byte[] encoded, CompletableFuture<KvResponse> result, long deadlineNs) {
            this.command = command;
            this.encoded = encoded;
            this.result = result;
            this.deadlineNs = deadlineNs;
        }

        void next() {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (closed) {
                result.completeExceptionally(closedException());
                return;
            }
            if (remainingMs <= 0) {
                result.completeExceptionally(new ClientException(command.op() + " " + command.key() +
                    " did not complete within " + config.timeoutMs() + " ms (" + attempt + " attempts over " +
                    endpoints + "); last: " + lastProblem, null));
                return;
            }
            attempt++;
            ClientEndpoint target = target();
            ClientConnection connection;
            try {
                connection = connection(target);
            } catch (IOException e) {
                problem(target, e.getMessage());
                retryLater();
                return;
            }
            connection.send(encoded)
                .orTimeout(Math.min(config.attemptTimeoutMs(), remainingMs), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reply, failure) -> onReply(target, reply, failure), executor);
        }

        private void onReply(ClientEndpoint target, ClientConnection.Reply reply, Throwable failure) {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
                    failure.getCause() : failure;
                problem(target, cause instanceof java.util.concurrent.TimeoutException ?
                    "no answer from " + target + " within " + config.attemptTimeoutMs() + " ms" : cause.getMessage());
                next();
                return;
            }
            switch (reply.status()) {
                case OK, CAS_FAILED, STALE_REQUEST -> {
                    leaderHint = target;
                    result.complete(new KvResponse(reply.status(), reply.value(), reply.logIndex()));
                }
                case NOT_LEADER -> {
                    ClientEndpoint leader = parseQuietly(reply.leaderEndpoint());
                    lastProblem = target + " is not the leader" + (reply.leaderId() == 0 ? " and knows none" :
                        "; the leader is node " + reply.leaderId() + " at " + reply.leaderEndpoint());
                    if (leader != null && !leader.equals(target) && attempt % 8 != 0) {
                        leaderHint = leader;
                        next();
                    } else {
                        problem(target, lastProblem);
                        retryLater();
                    }
                }
                case RETRY -> {
                    problem(target, target + " could not finish the request now (leadership change or overload)");
                    retryLater();
                }
            }
        }

        /** Forget {@code target} as leader and move to the next endpoint. */
        private void problem(ClientEndpoint target, String what) {
            lastProblem = what;
            if (target.equals(leaderHint)) {
                leaderHint = null;
            }
        }

        private void retryLater() {
            try {
                executor.schedule(this::next, config.retryBackoffMs(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(closedException());
            }
        }
    }

    private ClientEndpoint target() {
        ClientEndpoint hint = leaderHint;
        if (hint != null) {
            return hint;
        }
        return endpoints.get(Math.floorMod(nextEndpoint.getAndIncrement(), endpoints.size()));
    }

    private ClientConnection connection(ClientEndpoint endpoint) throws IOException {
        ClientConnection existing = connections.get(endpoint);
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        synchronized (connections) {
            existing = connections.get(endpoint);
            if (existing != null && existing.isOpen()) {
                return existing;
            }
            ClientConnection opened = ClientConnection.open(endpoint, config.connectTimeoutMs());
            connections.put(endpoint, opened);
            if (closed) {
                opened.close();
            }
            return opened;
        }
    }

    private static ClientEndpoint parseQuietly(String endpoint) {
        try {
            return endpoint == null ? null : ClientEndpoint.parse(endpoint);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static KvResponse await(CompletableFuture<KvResponse> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ClientException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static IllegalStateException closedException() {
        return new IllegalStateException("the key-value client is closed");
    }

    /** Closes the connections; operations still running fail. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        outstanding.forEach(result -> result.completeExceptionally(closedException()));
        synchronized (connections) {
            connections.values().forEach(ClientConnection::close);
            connections.clear();
        }
    }
}

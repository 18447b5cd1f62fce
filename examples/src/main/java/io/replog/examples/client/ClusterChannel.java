package io.replog.examples.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the clients of both example services share: the nodes' endpoints, one pipelined connection
 * per node, the leader as last seen, and the retry loop that sends one request, byte for byte the
 * same, until a node gives a final answer or the operation's timeout passes. A NOT_LEADER answer
 * redirects to the leader it names; RETRY, a timeout or a lost connection try again (after a
 * backoff when nobody knows who leads). Because the bytes never change, a request that carries a
 * client id and sequence is applied once however often it is sent.
 * <p>
 * Thread-safe. Futures complete on the channel's threads.
 */
final class ClusterChannel implements AutoCloseable {
    private final ClientConfig config;
    private final byte requestType;
    private final String service;
    private final List<ClientEndpoint> endpoints;
    private final Map<ClientEndpoint, ClientConnection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger nextEndpoint = new AtomicInteger();
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor executor;
    private volatile ClientEndpoint leaderHint;
    private volatile boolean closed;

    /**
     * @param requestType the frame type of every request ({@link ClientProtocolDescriptor#TYPE_KV_REQUEST}, ...).
     * @param service     the service's name as nodes give it in WRONG_SERVICE answers ("kv", "counters").
     */
    ClusterChannel(ClientConfig config, byte requestType, String service) {
        config.validate();
        this.config = config;
        this.requestType = requestType;
        this.service = service;
        this.endpoints = List.copyOf(config.endpoints());
        this.executor = new ScheduledThreadPoolExecutor(4, runnable -> {
            Thread thread = new Thread(runnable, service + "-client");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Sends {@code body} until a final answer: OK, CAS_FAILED or STALE_REQUEST. Fails with
     * {@link ClientException} when the timeout passes or the node serves another service, with
     * {@link IllegalStateException} when the channel closes first.
     *
     * @param what the operation, for the timeout's message ("INCREMENT c").
     */
    CompletableFuture<ClientConnection.Reply> call(byte[] body, String what) {
        CompletableFuture<ClientConnection.Reply> result = new CompletableFuture<>();
        outstanding.add(result);
        result.whenComplete((reply, failure) -> outstanding.remove(result));
        Attempts attempts = new Attempts(body, what, result,
            System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs()));
        try {
            executor.execute(attempts::next);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    /** The retry loop of one operation; each step runs on the channel's executor. */
    private final class Attempts {
        private final byte[] body;
        private final String what;
        private final CompletableFuture<ClientConnection.Reply> result;
        private final long deadlineNs;
        private int attempt;
        private String lastProblem = "no node was tried";

        Attempts(byte[] body, String what, CompletableFuture<ClientConnection.Reply> result, long deadlineNs) {
            this.body = body;
            this.what = what;
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
                result.completeExceptionally(new ClientException(what + " did not complete within " +
                    config.timeoutMs() + " ms (" + attempt + " attempts over " + endpoints + "); last: " + lastProblem,
                    null));
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
            connection.send(requestType, body)
                .orTimeout(Math.min(config.attemptTimeoutMs(), remainingMs), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((reply, failure) -> onReply(target, reply, failure), executor);
        }

        private void onReply(ClientEndpoint target, ClientConnection.Reply reply, Throwable failure) {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
                    failure.getCause() : failure;
                problem(target, cause instanceof TimeoutException ?
                    "no answer from " + target + " within " + config.attemptTimeoutMs() + " ms" : cause.getMessage());
                next();
                return;
            }
            switch (reply.status()) {
                case OK, CAS_FAILED, STALE_REQUEST -> {
                    leaderHint = target;
                    result.complete(reply);
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
                case WRONG_SERVICE -> result.completeExceptionally(new ClientException("node " + target + " serves " +
                    reply.valueText() + ", not " + service + ": give this client the endpoints of nodes started with " +
                    "`replog node --service " + service + "`", null));
            }
        }

        /** Forget {@code target} as leader and move to the next endpoint. */
        private void problem(ClientEndpoint target, String description) {
            lastProblem = description;
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

    /** Waits for an operation: its result, or its failure rethrown as it came (a {@link ClientException} mostly). */
    static <T> T await(CompletableFuture<T> future) {
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

    private IllegalStateException closedException() {
        return new IllegalStateException("the " + service + " client is closed");
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

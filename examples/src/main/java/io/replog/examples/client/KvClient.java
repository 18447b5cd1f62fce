package io.replog.examples.client;

import io.replog.examples.kv.KvCommand;

import java.util.concurrent.CompletableFuture;

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
 * Thread-safe: share one client. Request ids are {@code (client id, sequence)} pairs from a
 * {@link SessionPool}; the finding, redirecting and retrying is the {@link ClusterChannel}'s, shared
 * with {@link CounterClient}. Futures complete on the client's threads; do heavy work elsewhere.
 */
public final class KvClient implements AutoCloseable {
    private final ClusterChannel channel;
    private final SessionPool sessions = new SessionPool();

    public KvClient(ClientConfig config) {
        this.channel = new ClusterChannel(config, ClientProtocolDescriptor.TYPE_KV_REQUEST, "kv");
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
        return ClusterChannel.await(putAsync(key, value));
    }

    public KvResponse get(String key) {
        return ClusterChannel.await(getAsync(key));
    }

    public KvResponse append(String key, String value) {
        return ClusterChannel.await(appendAsync(key, value));
    }

    public KvResponse delete(String key) {
        return ClusterChannel.await(deleteAsync(key));
    }

    public KvResponse cas(String key, String expected, String value) {
        return ClusterChannel.await(casAsync(key, expected, value));
    }

    private CompletableFuture<KvResponse> write(KvCommand command) {
        return sessions.withNextRequestId((clientId, sequence) -> execute(command.session(clientId, sequence)));
    }

    /**
     * Sends {@code command} exactly as given, retrying it with the same request id until an answer
     * or the timeout. A write with a client id and sequence ({@link KvCommand#session}) is applied
     * once however often it is sent; keep one request in flight per client id.
     */
    public CompletableFuture<KvResponse> execute(KvCommand command) {
        return channel.call(command.encode(), command.op() + " " + command.key())
            .thenApply(reply -> new KvResponse(reply.status(), reply.valueText(), reply.logIndex()));
    }

    /** Closes the connections; operations still running fail. */
    @Override
    public void close() {
        channel.close();
    }
}

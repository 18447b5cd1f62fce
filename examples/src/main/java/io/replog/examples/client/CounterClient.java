package io.replog.examples.client;

import io.replog.examples.pb.CounterRequest;
import io.replog.examples.pb.Stamp;

import java.util.concurrent.CompletableFuture;

/**
 * A client of the stamped counters ({@link io.replog.examples.pb.StampedCounters}) served by
 * primary-backup nodes ({@code replog node --service counters}), usable from any program that can
 * reach their client endpoints. Like {@link KvClient} it finds the primary (the leader), follows
 * redirects, and retries <em>with the same request id</em> until the operation's timeout: the
 * primary answers a retried increment from its session instead of incrementing again.
 * <pre>{@code
 * try (CounterClient counters = new CounterClient(new ClientConfig().endpoints("10.0.0.1:9101,10.0.0.2:9101"))) {
 *     Stamp stamp = counters.increment("visits", 1);     // value, primary's clock, random id
 *     counters.readAsync("visits").thenAccept(s -> System.out.println(s.value()));
 * }
 * }</pre>
 * A read changes nothing; the primary answers it once it has confirmed its leadership and the
 * state it read is committed, so it sees every acknowledged increment. Thread-safe: share one
 * client. Futures complete on the client's threads.
 */
public final class CounterClient implements AutoCloseable {
    private final ClusterChannel channel;
    private final SessionPool sessions = new SessionPool();

    public CounterClient(ClientConfig config) {
        this.channel = new ClusterChannel(config, ClientProtocolDescriptor.TYPE_COUNTER_REQUEST, "counters");
    }

    /** Adds {@code amount} to counter {@code name}; the answer is the counter's new stamp. */
    public CompletableFuture<Stamp> incrementAsync(String name, long amount) {
        CounterRequest increment = CounterRequest.increment(name, amount);
        return sessions.withNextRequestId((clientId, sequence) -> execute(increment.session(clientId, sequence)));
    }

    /** The counter's stamp ({@link Stamp#ABSENT} for a counter never incremented). */
    public CompletableFuture<Stamp> readAsync(String name) {
        // No session: a read changes nothing, so sending it twice is harmless, and a session's
        // sequence would make the primary answer it with the session's last increment instead.
        return execute(CounterRequest.read(name));
    }

    public Stamp increment(String name, long amount) {
        return ClusterChannel.await(incrementAsync(name, amount));
    }

    public Stamp read(String name) {
        return ClusterChannel.await(readAsync(name));
    }

    /**
     * Sends {@code request} exactly as given, retrying it with the same request id until an answer or
     * the timeout. An increment with a client id and sequence ({@link CounterRequest#session}) takes
     * effect once however often it is sent; keep one request in flight per client id. A sequence older
     * than the client's last fails with {@link ClientException} (its answer is no longer kept).
     */
    public CompletableFuture<Stamp> execute(CounterRequest request) {
        String what = request.op() + " " + request.name();
        return channel.call(request.encode(), what).thenApply(reply -> {
            if (reply.status() != ReplyStatus.OK) {
                throw new ClientException(what + " (client " + request.clientId() + ", request " + request.sequence() +
                    ") was answered " + reply.status() + ": the client has sent a newer request since, and only " +
                    "the newest answer is kept", null);
            }
            if (reply.value() == null) {
                throw new ClientException(what + " was answered OK without a stamp", null);
            }
            return Stamp.decode(reply.value());
        });
    }

    /** Closes the connections; operations still running fail. */
    @Override
    public void close() {
        channel.close();
    }
}

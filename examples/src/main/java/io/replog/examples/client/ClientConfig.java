package io.replog.examples.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link KvClient} or {@link CounterClient} needs: the nodes' client endpoints and its
 * timeouts. Fluent setters.
 */
public final class ClientConfig {
    private final List<ClientEndpoint> endpoints = new ArrayList<>();
    private long timeoutMs = 10_000;
    private long attemptTimeoutMs = 1_000;
    private long connectTimeoutMs = 1_000;
    private long retryBackoffMs = 20;

    /** Adds node client endpoints, {@code host:port} each, separated by commas. */
    public ClientConfig endpoints(String commaSeparated) {
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                endpoints.add(ClientEndpoint.parse(part));
            }
        }
        return this;
    }

    public ClientConfig endpoint(ClientEndpoint endpoint) {
        endpoints.add(endpoint);
        return this;
    }

    public List<ClientEndpoint> endpoints() {
        return endpoints;
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /** How long one operation may take, all retries included, before it fails with {@link ClientException}. */
    public ClientConfig timeoutMs(long timeoutMs) {
        this.timeoutMs = timeoutMs;
        return this;
    }

    public long attemptTimeoutMs() {
        return attemptTimeoutMs;
    }

    /** How long to wait for one node's answer before trying another (a paused or cut-off node never answers). */
    public ClientConfig attemptTimeoutMs(long attemptTimeoutMs) {
        this.attemptTimeoutMs = attemptTimeoutMs;
        return this;
    }

    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public ClientConfig connectTimeoutMs(long connectTimeoutMs) {
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    public long retryBackoffMs() {
        return retryBackoffMs;
    }

    /** Pause before retrying when no node could say who leads (an election is under way). */
    public ClientConfig retryBackoffMs(long retryBackoffMs) {
        this.retryBackoffMs = retryBackoffMs;
        return this;
    }

    void validate() {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one node endpoint");
        }
        if (timeoutMs < 1 || attemptTimeoutMs < 1 || connectTimeoutMs < 1 || retryBackoffMs < 0) {
            throw new IllegalArgumentException("timeouts must be positive and the backoff not negative");
        }
    }
}

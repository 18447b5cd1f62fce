package io.replog.examples.client;

/**
 * An operation of {@link KvClient} or {@link CounterClient} did not complete: no node answered within
 * the timeout, none led, every attempt failed, or the nodes serve another service (the message says
 * which). After a timeout a write may or may not have been applied; retrying it with the same request
 * id (through {@code execute}) is safe.
 */
public final class ClientException extends RuntimeException {
    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}

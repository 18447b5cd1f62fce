package io.replog.examples.client;

/**
 * An operation could not be completed within its timeout: no node answered, none led, or every
 * attempt failed. A write may or may not have been applied; retrying it with the same request id
 * (through {@link KvClient#execute}) is safe.
 */
public final class ClientException extends RuntimeException {
    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}

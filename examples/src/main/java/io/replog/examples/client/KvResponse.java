package io.replog.examples.client;

/**
 * The final answer to a key-value operation.
 *
 * @param status   {@link ReplyStatus#OK}, {@link ReplyStatus#CAS_FAILED} or {@link ReplyStatus#STALE_REQUEST}
 *                 (the last only for a command sent with an old sequence through {@link KvClient#execute}).
 * @param value    put and delete: the previous value; get and append: the current one; cas: the new
 *                 value when it succeeded, the current one when it failed. Null when absent.
 * @param logIndex a write: the log index it committed at; a get: the read index it was served at.
 */
public record KvResponse(ReplyStatus status, String value, long logIndex) {
    public boolean ok() {
        return status == ReplyStatus.OK;
    }
}

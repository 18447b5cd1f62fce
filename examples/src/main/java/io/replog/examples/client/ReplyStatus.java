package io.replog.examples.client;

/** What a node answers to a request (the status field of a response frame); the order is the wire code. */
public enum ReplyStatus {
    /** Done: the write committed (or the read is linearizable); the value field holds the answer. */
    OK,
    /** Key-value CAS found another value than expected; nothing changed; the value field holds the current one. */
    CAS_FAILED,
    /** The request's sequence is older than the client's last: it was answered long ago. */
    STALE_REQUEST,
    /** This node does not lead; the leader id and client endpoint say where to go (0 and empty: unknown yet). */
    NOT_LEADER,
    /** The node could not finish the request now (leadership changed, queue full, stopping): retry it as is. */
    RETRY,
    /**
     * This node serves another service than the request's type asks for (a key-value client pointed at
     * counter nodes, say); the value field names the service it serves (UTF-8). Retrying cannot help.
     */
    WRONG_SERVICE;

    static ReplyStatus of(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("unknown response status " + code);
        }
        return values()[code];
    }
}

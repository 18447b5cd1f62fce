package io.replog.replication.node;

/**
 * An appended command lost its place in the log: leadership changed before it committed and another
 * entry was committed at its index, or the node stopped first. It was not applied at that index;
 * retrying it is safe when commands carry client request ids (see the examples' sessions).
 */
public final class NotCommittedException extends RuntimeException {
    public NotCommittedException(String message) {
        super(message);
    }
}

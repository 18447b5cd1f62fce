package io.replog.replication.node;

/**
 * Told, on the node's thread, how each command an {@link Appender} appended ended. Called in log order for the
 * commands that commit; it must return quickly and must not block (it holds up the node's duty cycle). An
 * exception it throws is logged and otherwise ignored.
 */
public interface AppendListener {
    /**
     * The command appended with {@code correlationId} was committed at {@code index} and applied on this node;
     * {@code result} is what the state machine answered (do not modify it).
     */
    void onCommitted(long correlationId, long index, byte[] result);

    /**
     * The command appended with {@code correlationId} will not commit: {@link NotLeaderException} when this node
     * was not the leader as it took the command, {@link NotCommittedException} when leadership changed and another
     * entry took its index or the node stopped.
     */
    void onFailed(long correlationId, RuntimeException cause);
}

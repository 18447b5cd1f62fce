package io.replog.replication.node;

/**
 * An appended command was committed and applied on this node.
 *
 * @param index  its log index.
 * @param result what the state machine answered.
 */
public record CommitResult(long index, byte[] result) {
}

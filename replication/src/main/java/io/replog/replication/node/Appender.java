package io.replog.replication.node;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

/**
 * Appends commands without allocating: each is copied into the node's append buffer (an off-heap ring shared by
 * every appender of the node, {@link NodeConfig#appendBufferBytes}), and how it ends reaches this appender's
 * {@link AppendListener} on the node's thread with the correlation id given here. Made by
 * {@link ReplogNode#appender}; any number of threads may append through one appender at once.
 * <pre>
 * Appender appender = node.appender(listener);
 * while (!appender.tryAppend(buffer, 0, length, requestId)) {
 *     idle.idle(); // the node has this many bytes of commands waiting: back off
 * }
 * </pre>
 * Commands of one appender reach the log in the order their {@code tryAppend} calls returned true; they are not
 * ordered with commands passed to {@link ReplogNode#append(byte[])}, which travel by another queue.
 */
public final class Appender {
    /** Bytes before the command in each record of the append buffer: the correlation id. */
    static final int HEADER_BYTES = Long.BYTES;

    private final Appenders appenders;
    private final ManyToOneRingBuffer buffer;
    private final NodeWakeup wakeup;
    private final int id;

    Appender(Appenders appenders, NodeWakeup wakeup, int id) {
        this.appenders = appenders;
        this.buffer = appenders.buffer();
        this.wakeup = wakeup;
        this.id = id;
    }

    /**
     * Copies {@code command[offset, offset + length)} into the node's append buffer for the node to append.
     *
     * @return true when it was taken (its listener will hear how it ended), false when the append buffer has no room
     * for it: back off and retry.
     * @throws IllegalArgumentException when the command is empty (an empty entry is a Raft no-op), longer than
     *                                  {@link #maxCommandLength()}, or not within {@code command}.
     * @throws IllegalStateException    when the node is stopped.
     */
    public boolean tryAppend(DirectBuffer command, int offset, int length, long correlationId) {
        if (length <= 0 || length > maxCommandLength()) {
            throw new IllegalArgumentException("a command must be 1 to " + maxCommandLength() + " bytes (an eighth " +
                "of the append buffer, less its header), got " + length);
        }
        if (offset < 0 || offset > command.capacity() - length) {
            throw new IllegalArgumentException("the command [" + offset + ", " + offset + " + " + length +
                ") is not within its buffer of " + command.capacity() + " bytes");
        }
        appenders.checkRunning();
        int at = buffer.tryClaim(id, HEADER_BYTES + length);
        if (at <= 0) {
            return false;
        }
        try {
            buffer.buffer().putLong(at, correlationId);
            buffer.buffer().putBytes(at + HEADER_BYTES, command, offset, length);
        } catch (RuntimeException e) {
            buffer.abort(at); // a claimed record left neither committed nor aborted would stop the node's reads there
            throw e;
        }
        buffer.commit(at);
        appenders.written();
        wakeup.wake();
        return true;
    }

    /** The longest command the append buffer takes. */
    public int maxCommandLength() {
        return buffer.maxMsgLength() - HEADER_BYTES;
    }
}

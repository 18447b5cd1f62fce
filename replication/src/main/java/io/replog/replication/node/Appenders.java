package io.replog.replication.node;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A node's append buffer (the ring every {@link Appender} writes commands into, drained on the node's thread), the
 * listeners of its appenders by appender id (the ring's message type: ids start at 1), and the guarantee that
 * every command taken is answered, even as the node stops.
 * <p>
 * While the node runs, only its thread reads the ring. When it stops, it drains the ring one last time under this
 * object's lock, failing what it finds, with {@link #stopped} set first; an appender that committed a record
 * and then sees {@code stopped} drains under the same lock, so a record committed after the last drain is
 * answered by its writer. (Commit, fence, read {@code stopped} on one side; write {@code stopped}, read the ring on
 * the other: one of the two sees the record.)
 */
final class Appenders {
    private final int nodeId;
    private final NodeCounters counters;
    private final ManyToOneRingBuffer buffer;
    /** Replaced whole when an appender is added, so the node's thread reads it without a lock. */
    private volatile AppendListener[] listeners = new AppendListener[1];
    private volatile boolean stopped;
    /** Why the node stopped, for the commands found after; guarded by this. */
    private RuntimeException stopCause;

    Appenders(int nodeId, int capacityBytes, NodeCounters counters) {
        this.nodeId = nodeId;
        this.counters = counters;
        buffer = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    ManyToOneRingBuffer buffer() {
        return buffer;
    }

    /** Adds a listener; its id is what its appender writes with. Published before the appender can write. */
    synchronized int add(AppendListener listener) {
        AppendListener[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = listener;
        listeners = grown;
        return listeners.length - 1;
    }

    void checkRunning() {
        if (stopped) {
            throw new IllegalStateException("node " + nodeId + " is stopped");
        }
    }

    /** After an appender committed a record: if the node has stopped, the record is answered here. */
    void written() {
        VarHandle.fullFence();
        if (stopped) {
            synchronized (this) {
                failAll(stopCause);
            }
        }
    }

    /** On the node's thread as it stops: fails every command still in the ring, and any committed later. */
    synchronized void stop(RuntimeException cause) {
        stopCause = cause;
        stopped = true;
        failAll(cause);
    }

    /** Under the lock: fails what the ring holds (each read stops at the ring's end, hence the loop). */
    private void failAll(RuntimeException cause) {
        MessageHandler fail = (id, record, offset, length) -> failed(id, record.getLong(offset), cause);
        while (buffer.read(fail) > 0) {
            // until empty
        }
    }

    void committed(int appenderId, long correlationId, long index, byte[] result) {
        try {
            listeners[appenderId].onCommitted(correlationId, index, result);
        } catch (RuntimeException e) {
            counters.listenerFailures++;
        }
    }

    void failed(int appenderId, long correlationId, RuntimeException cause) {
        try {
            listeners[appenderId].onFailed(correlationId, cause);
        } catch (RuntimeException e) {
            counters.listenerFailures++;
        }
    }
}

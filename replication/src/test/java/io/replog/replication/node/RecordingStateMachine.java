package io.replog.replication.node;

import io.replog.replication.StateMachine;
import org.agrona.DirectBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A state machine that remembers every command it applied, by index, so tests can compare what each
 * node applied at each index. Its snapshot holds that whole history, so a node restored from one
 * still knows what was applied before it.
 */
final class RecordingStateMachine implements StateMachine {
    private static final byte[] NO_RESULT = new byte[0];

    /** Index to command; written by the node's thread, read by the test's. */
    final ConcurrentSkipListMap<Long, byte[]> applied = new ConcurrentSkipListMap<>();
    /** False for {@link AllocationProbe}: commands are only read (summed), so the machine allocates nothing. */
    private final boolean record;
    long readSum;
    /** When set, snapshots wait for it before writing (on the snapshot thread): a slow snapshot. */
    volatile java.util.concurrent.CountDownLatch snapshotGate;

    RecordingStateMachine() {
        this(true);
    }

    RecordingStateMachine(boolean record) {
        this.record = record;
    }

    @Override
    public byte[] apply(long index, DirectBuffer command, int offset, int length) {
        if (!record) {
            for (int i = 0; i < length; i++) {
                readSum += command.getByte(offset + i);
            }
            return NO_RESULT;
        }
        byte[] bytes = new byte[length];
        command.getBytes(offset, bytes);
        applied.put(index, bytes);
        return NO_RESULT;
    }

    @Override
    public SnapshotView snapshot() {
        Map<Long, byte[]> copy = new TreeMap<>(applied);
        java.util.concurrent.CountDownLatch gate = snapshotGate;
        return out -> {
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted before writing the snapshot");
                }
            }
            write(copy, out);
        };
    }

    private static void write(Map<Long, byte[]> state, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(state.size());
        for (Map.Entry<Long, byte[]> entry : state.entrySet()) {
            data.writeLong(entry.getKey());
            data.writeInt(entry.getValue().length);
            data.write(entry.getValue());
        }
        data.flush();
    }

    @Override
    public void restore(InputStream snapshot) throws IOException {
        DataInputStream data = new DataInputStream(snapshot);
        applied.clear();
        int count = data.readInt();
        for (int i = 0; i < count; i++) {
            long index = data.readLong();
            byte[] bytes = new byte[data.readInt()];
            data.readFully(bytes);
            applied.put(index, bytes);
        }
    }
}

package io.replog.bench.cluster;

import io.replog.replication.StateMachine;
import org.agrona.DirectBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** replog's state machine for the benchmark: counts commands and bytes, so the figures are the log's. */
final class ByteCountingStateMachine implements StateMachine {
    private static final byte[] NO_ANSWER = new byte[0];

    private long commands;
    private long bytes;

    @Override
    public byte[] apply(long index, DirectBuffer command, int offset, int length) {
        commands++;
        bytes += length;
        return NO_ANSWER;
    }

    @Override
    public SnapshotView snapshot() {
        long commandsNow = commands;
        long bytesNow = bytes;
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeLong(commandsNow);
            data.writeLong(bytesNow);
            data.flush();
        };
    }

    @Override
    public void restore(InputStream snapshot) throws IOException {
        DataInputStream data = new DataInputStream(snapshot);
        commands = data.readLong();
        bytes = data.readLong();
    }
}

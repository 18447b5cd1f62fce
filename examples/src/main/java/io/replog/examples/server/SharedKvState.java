package io.replog.examples.server;

import io.replog.examples.kv.KvStateMachine;
import io.replog.replication.StateMachine;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;

/**
 * The key-value store shared between the node's thread, which applies committed commands, and the
 * server's threads, which read keys for linearizable gets once a ReadIndex is applied. One monitor
 * guards the store: applies are short, and reads are single lookups.
 */
public final class SharedKvState implements StateMachine {
    private final KvStateMachine store = new KvStateMachine();

    @Override
    public synchronized byte[] apply(long index, DirectBuffer command, int offset, int length) {
        return store.apply(index, command, offset, length);
    }

    @Override
    public synchronized SnapshotView snapshot() {
        return store.snapshot();
    }

    @Override
    public synchronized void restore(InputStream snapshot) throws IOException {
        store.restore(snapshot);
    }

    /** The value applied last for {@code key}, null when absent. */
    public synchronized String get(String key) {
        return store.get(key);
    }

    public synchronized int size() {
        return store.size();
    }
}

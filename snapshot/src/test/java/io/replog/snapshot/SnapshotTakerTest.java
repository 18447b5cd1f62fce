package io.replog.snapshot;

import io.replog.wal.storage.Storage;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotTakerTest {
    private static final int STATE_BYTES = 50_000;

    @Test
    void theStateIsWrittenOnTheTakersThreadWhileTheCallerMovesOn() throws Exception {
        SnapshotStore store = TestStates.store(TestStates.disk(1).directory("/s"), 4096);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> writerThread = new AtomicReference<>();
        byte[] state = TestStates.stateForIndex(77, STATE_BYTES);
        try (SnapshotTaker taker = new SnapshotTaker(store)) {
            CompletableFuture<SnapshotInfo> future = taker.maybeTake(77, 2, TestStates.THREE_NODES, new byte[0],
                sink -> {
                    writerThread.set(Thread.currentThread());
                    awaitOrFail(release);
                    try (DataOutputStream out = new DataOutputStream(sink)) {
                        out.write(state);
                    }
                }).orElseThrow();

            assertFalse(future.isDone(), "maybeTake returned while the state was still being written");
            assertTrue(taker.inProgress());
            assertEquals(Optional.empty(), taker.maybeTake(78, 2, TestStates.THREE_NODES, new byte[0], sink -> {
            }), "a second snapshot is refused while one is in flight");
            release.countDown();

            SnapshotInfo info = future.get(60, TimeUnit.SECONDS);
            assertNotSame(Thread.currentThread(), writerThread.get());
            assertFalse(taker.inProgress());
            assertArrayEquals(state, TestStates.readAll(store, info.fileName()),
                "closing the sink inside the view did not end the snapshot early");
            assertTrue(taker.maybeTake(80, 2, TestStates.THREE_NODES, new byte[0], sink -> sink.write(1))
                .orElseThrow().get(60, TimeUnit.SECONDS).uncompressedLengthBytes() == 1);
        }
    }

    @Test
    void aFailingViewFailsTheFutureAndLeavesNoFile() throws Exception {
        Storage storage = TestStates.disk(2).directory("/s");
        SnapshotStore store = TestStates.store(storage, 4096);
        try (SnapshotTaker taker = new SnapshotTaker(store)) {
            CompletableFuture<SnapshotInfo> future = taker.maybeTake(5, 1, TestStates.THREE_NODES, new byte[0], sink -> {
                sink.write(new byte[10_000]);
                throw new IOException("state machine could not serialize entry 5");
            }).orElseThrow();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get(60, TimeUnit.SECONDS));
            assertTrue(failure.getCause().getMessage().contains("could not serialize"), failure.toString());
            assertEquals(List.of(), storage.list());
            assertFalse(taker.inProgress());
        }
    }

    private static void awaitOrFail(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the snapshot view");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}

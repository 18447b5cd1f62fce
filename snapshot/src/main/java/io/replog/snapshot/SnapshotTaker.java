package io.replog.snapshot;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes snapshots off the caller's thread, so the thread that appends and replicates never waits
 * for compression or disk writes.
 * <p>
 * The caller hands over a {@link StateView}: a consistent view of the state as of the last included
 * index (for example a copy-on-write root, or a persistent map), which the taker's thread later
 * streams into a {@link SnapshotSink}. The view must stay valid while the state machine moves on;
 * that is the state machine's side of the contract. At most one snapshot is in flight: a node that
 * asks again while one is being written gets an empty answer and asks later, rather than queuing
 * snapshots that would be stale when they start.
 */
public final class SnapshotTaker implements AutoCloseable {
    /** Writes a consistent view of the state. Runs on the taker's thread. */
    @FunctionalInterface
    public interface StateView {
        void writeTo(SnapshotSink sink) throws IOException;
    }

    private final SnapshotStore store;
    private final ExecutorService executor;
    private final AtomicBoolean inFlight = new AtomicBoolean();

    public SnapshotTaker(SnapshotStore store) {
        this.store = store;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replog-snapshot-" + store.storage().describe());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts writing a snapshot through {@code lastIncludedIndex} and returns at once.
     *
     * @return the durable snapshot, once {@code commit} returned (the moment compaction may start);
     *         empty when a snapshot is already in flight. The future fails with the IO error or the
     *         view's exception, and then no snapshot file is left behind.
     */
    public Optional<CompletableFuture<SnapshotInfo>> maybeTake(long lastIncludedIndex, long lastIncludedTerm,
        ClusterConfiguration configuration, byte[] metadata, StateView view) {
        if (!inFlight.compareAndSet(false, true)) {
            return Optional.empty();
        }
        byte[] metadataCopy = metadata.clone();
        CompletableFuture<SnapshotInfo> result;
        try {
            result = CompletableFuture.supplyAsync(() -> write(lastIncludedIndex, lastIncludedTerm, configuration,
                metadataCopy, view), executor);
        } catch (RuntimeException e) {
            inFlight.set(false);
            throw e;
        }
        return Optional.of(result.whenComplete((info, failure) -> inFlight.set(false)));
    }

    public boolean inProgress() {
        return inFlight.get();
    }

    private SnapshotInfo write(long lastIncludedIndex, long lastIncludedTerm, ClusterConfiguration configuration,
        byte[] metadata, StateView view) {
        try (SnapshotWriter writer = store.begin(lastIncludedIndex, lastIncludedTerm, configuration, metadata)) {
            view.writeTo(new SnapshotSink(writer));
            return writer.commit();
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    /** Waits for a snapshot in flight to finish, then stops the thread. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            while (!executor.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}

package io.replog.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * At most one IO task in flight, on a helper thread or inline. {@link #await()} returns the task's
 * result, or throws its exception as the task threw it. Everything the task wrote is visible to
 * the caller after {@code await} (the future's completion is a happens-before edge).
 */
final class OneInFlight implements AutoCloseable {
    interface IoTask<T> {
        T run() throws IOException;
    }

    private final ExecutorService executor;
    private CompletableFuture<Object> pending;

    private OneInFlight(ExecutorService executor) {
        this.executor = executor;
    }

    static OneInFlight create(ChunkThreading threading, String threadName) {
        if (threading == ChunkThreading.INLINE) {
            return new OneInFlight(null);
        }
        return new OneInFlight(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        }));
    }

    boolean hasPending() {
        return pending != null;
    }

    void submit(IoTask<?> task) {
        if (pending != null) {
            throw new IllegalStateException("a task is already in flight");
        }
        if (executor == null) {
            pending = new CompletableFuture<>();
            try {
                pending.complete(task.run());
            } catch (IOException | RuntimeException | Error e) {
                pending.completeExceptionally(e);
            }
            return;
        }
        pending = CompletableFuture.supplyAsync(() -> {
            try {
                return task.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    /** Waits for the task in flight and returns its result; null when none is in flight. */
    @SuppressWarnings("unchecked")
    <T> T await() throws IOException {
        if (pending == null) {
            return null;
        }
        CompletableFuture<Object> waiting = pending;
        pending = null;
        try {
            return (T)waiting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for a snapshot chunk", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Waits for the task in flight, ignoring its outcome (the caller is already failing or closing). */
    void awaitQuietly() {
        try {
            await();
        } catch (IOException | RuntimeException e) {
            // The caller reports its own failure; this one is a consequence of it or irrelevant.
        }
    }

    @Override
    public void close() {
        awaitQuietly();
        if (executor != null) {
            executor.shutdown();
        }
    }

    private static IOException rethrow(Throwable cause) {
        Throwable unwrapped = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() :
            cause;
        if (unwrapped instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (unwrapped instanceof IOException io) {
            return io;
        }
        if (unwrapped instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (unwrapped instanceof Error error) {
            throw error;
        }
        return new IOException(unwrapped);
    }
}

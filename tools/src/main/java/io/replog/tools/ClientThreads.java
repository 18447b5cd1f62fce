package io.replog.tools;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/** Runs the demo's client threads (ids 1..clients) to the end; a client that dies fails the run, loudly. */
final class ClientThreads {
    private ClientThreads() {
    }

    static void run(int clients, LongConsumer client) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            long clientId = i + 1;
            threads[i] = new Thread(() -> client.accept(clientId), "demo-client-" + clientId);
            threads[i].setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a client thread failed: " + failure.get(), failure.get());
        }
    }
}

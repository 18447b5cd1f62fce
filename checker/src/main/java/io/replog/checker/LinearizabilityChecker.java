package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Decides whether a history is linearizable with respect to a model: the history is split by key
 * ({@link History#byKey()}, P-compositionality) and each key is searched by a {@link KeySearch},
 * several keys at once on up to {@code threads} threads. Every key is checked even after one fails,
 * so that the report names the failures of all keys; the keys share one {@link Budget}.
 * The verdict of each key does not depend on the number of threads (unless the budget runs out).
 */
public final class LinearizabilityChecker {
    private final Model model;
    private final Budget budget;
    private final int threads;
    private final LongSupplier nanoClock;

    /** With one thread per available processor and the system clock. */
    public LinearizabilityChecker(Model model, Budget budget) {
        this(model, budget, Runtime.getRuntime().availableProcessors(), System::nanoTime);
    }

    /** With the number of threads to search keys on, and the clock the timeout is measured on. */
    public LinearizabilityChecker(Model model, Budget budget, int threads, LongSupplier nanoClock) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.model = model;
        this.budget = budget;
        this.threads = threads;
        this.nanoClock = nanoClock;
    }

    public LinearizabilityResult check(History history) {
        Budget.Meter meter = budget.start(nanoClock);
        Map<JsonNode, List<Operation>> partitions = history.byKey();
        List<KeyResult> keys = partitions.size() <= 1 || threads == 1
            ? searchInThisThread(partitions, meter)
            : searchInParallel(partitions, meter);
        Verdict verdict = Verdict.LINEARIZABLE;
        for (KeyResult key : keys) {
            verdict = Verdict.combine(verdict, key.verdict());
        }
        return new LinearizabilityResult(history.source(), model.name(), verdict, history.operations().size(),
            history.failedCount(), keys, meter.elapsedNs(), meter.visitedStates());
    }

    private List<KeyResult> searchInThisThread(Map<JsonNode, List<Operation>> partitions, Budget.Meter meter) {
        List<KeyResult> keys = new ArrayList<>();
        partitions.forEach((key, operations) -> keys.add(search(key, operations, meter)));
        return keys;
    }

    private List<KeyResult> searchInParallel(Map<JsonNode, List<Operation>> partitions, Budget.Meter meter) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, partitions.size()), runnable -> {
            Thread thread = new Thread(runnable, "replog-linearizability-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<KeyResult>> futures = new ArrayList<>();
            partitions.forEach((key, operations) -> futures.add(executor.submit(() -> search(key, operations, meter))));
            List<KeyResult> keys = new ArrayList<>();
            for (Future<KeyResult> future : futures) {
                keys.add(future.get());
            }
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking " + partitions.size() + " keys", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("checking a key failed: " + e.getCause(), e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    private KeyResult search(JsonNode key, List<Operation> operations, Budget.Meter meter) {
        return meter.exhausted()
            ? new KeyResult(key, Verdict.UNKNOWN, operations.size(), null)
            : new KeySearch(model, key, operations, meter).run();
    }
}

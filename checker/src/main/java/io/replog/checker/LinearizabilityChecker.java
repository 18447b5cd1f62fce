package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides whether a history is linearizable with respect to a model: keys are checked one at a
 * time ({@link History#byKey()}, P-compositionality), each by a {@link KeySearch}. Every key is
 * checked even after one fails, so that the report names the failures of all keys.
 */
public final class LinearizabilityChecker {
    private final Model model;
    private final Budget budget;
    private final LongSupplier nanoClock;

    public LinearizabilityChecker(Model model, Budget budget) {
        this(model, budget, System::nanoTime);
    }

    /** With the clock the timeout is measured on, for tests. */
    public LinearizabilityChecker(Model model, Budget budget, LongSupplier nanoClock) {
        this.model = model;
        this.budget = budget;
        this.nanoClock = nanoClock;
    }

    public LinearizabilityResult check(History history) {
        Budget.Meter meter = budget.start(nanoClock);
        List<KeyResult> keys = new ArrayList<>();
        Verdict verdict = Verdict.LINEARIZABLE;
        for (Map.Entry<JsonNode, List<Operation>> partition : history.byKey().entrySet()) {
            KeyResult result = meter.exhausted()
                ? new KeyResult(partition.getKey(), Verdict.UNKNOWN, partition.getValue().size(), null)
                : new KeySearch(model, partition.getKey(), partition.getValue(), meter).run();
            keys.add(result);
            verdict = Verdict.combine(verdict, result.verdict());
        }
        return new LinearizabilityResult(history.source(), model.name(), verdict, history.operations().size(),
            history.failedCount(), keys, meter.elapsedNs(), meter.visitedStates());
    }
}

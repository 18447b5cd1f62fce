package io.replog.checker;

import java.util.ArrayList;
import java.util.List;

/**
 * The dumb reference: straight from the definition. A history is linearizable iff for some subset
 * of its unknown-outcome operations, some order of the known operations plus that subset respects
 * real time (whatever returned before an operation was invoked comes before it) and the model.
 * Exponential; for histories of a handful of operations.
 */
final class BruteForceChecker {
    private BruteForceChecker() {
    }

    static boolean linearizable(Model model, History history) {
        for (List<Operation> keyOperations : history.byKey().values()) {
            if (!keyLinearizable(model, keyOperations)) {
                return false;
            }
        }
        return true;
    }

    private static boolean keyLinearizable(Model model, List<Operation> operations) {
        List<Operation> known = operations.stream().filter(Operation::isKnown).toList();
        List<Operation> unknown = operations.stream().filter(op -> !op.isKnown()).toList();
        for (int subset = 0; subset < (1 << unknown.size()); subset++) {
            List<Operation> chosen = new ArrayList<>(known);
            for (int i = 0; i < unknown.size(); i++) {
                if ((subset & (1 << i)) != 0) {
                    chosen.add(unknown.get(i));
                }
            }
            if (someOrderWorks(model, chosen, new boolean[chosen.size()], 0, model.initialState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean someOrderWorks(Model model, List<Operation> chosen, boolean[] placed, int placedCount,
                                          Object state) {
        if (placedCount == chosen.size()) {
            return true;
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (placed[i] || !realTimeAllowsNext(chosen, placed, i)) {
                continue;
            }
            Object next = model.step(state, chosen.get(i));
            if (next == null) {
                continue;
            }
            placed[i] = true;
            boolean works = someOrderWorks(model, chosen, placed, placedCount + 1, next);
            placed[i] = false;
            if (works) {
                return true;
            }
        }
        return false;
    }

    private static boolean realTimeAllowsNext(List<Operation> chosen, boolean[] placed, int candidate) {
        for (int j = 0; j < chosen.size(); j++) {
            if (!placed[j] && j != candidate && chosen.get(j).returnTime() < chosen.get(candidate).callTime()) {
                return false;
            }
        }
        return true;
    }
}

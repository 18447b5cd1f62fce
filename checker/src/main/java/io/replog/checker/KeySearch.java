package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Wing-Gong-Lowe search over the operations of one key, as porcupine implements it, plus one
 * reduction for read-only operations.
 *
 * <p>Walk the entry list from the head. At a call, try to linearize its operation now: if the model
 * accepts it and the (linearized set, new state) pair is new, push, lift the call and its return out
 * of the list and start again from the head. At a return, the operation returning there should have
 * been linearized already and was not: pop the last linearized operation, unlift it and try the call
 * after it. The history is linearizable when the list is empty; not when a return is reached with
 * nothing to pop.
 *
 * <p>The reduction: a read-only operation that may come next by real time (its call is before the
 * first return in the list) and is legal in the current state is linearized at once, without making
 * it a choice. If any linearization exists from here, one exists with that read first: the read
 * changes no state, so moving it earlier changes what nobody sees, and everything that had to precede
 * it already does. So when the search backtracks over such a <em>forced</em> read it keeps
 * backtracking to the choice before it. Without this, a read concurrent with writes makes the search
 * try orders of the writes up to the read's return before trying the read first: on generated
 * register histories of 2,000 operations by 20 clients it visits about ten times as many states.
 *
 * <p>Invariants: {@code depth} operations are linearized, the stack holds their calls in order, the
 * state before each and whether it was forced; {@code linearized} holds exactly the operations on the
 * stack; the entry list holds exactly the calls and returns of the others.
 */
final class KeySearch {
    private final Model model;
    private final JsonNode key;
    private final List<Operation> operations;
    private final boolean[] readOnly;
    private final Budget.Meter meter;
    private final EntryList entries;
    private final LinearizedSet linearized;
    private final VisitedStates visited = new VisitedStates();
    /** Estimated heap bytes of one cached visit: the copy of the bitset, the visit object and a hash-set node. */
    private final long visitBytes;
    private final int[] stackCalls;
    private final Object[] stackStates;
    private final boolean[] stackForced;
    private int depth;
    private Object state;
    private int stepsSinceClockRead;
    /** The calls of the deepest stack seen (the longest linearizable prefix) and the state after them. */
    private int[] deepestCalls = new int[0];
    private Object deepestState;

    KeySearch(Model model, JsonNode key, List<Operation> keyOperations, Budget.Meter meter) {
        this.model = model;
        this.key = key;
        // A read whose outcome is unknown neither changes the state nor constrains anything, and an
        // unobservable unknown operation can always go last: leave both out.
        this.operations = keyOperations.stream()
            .filter(op -> op.isKnown() || !(model.isReadOnly(op) || model.isUnobservable(op, keyOperations)))
            .toList();
        this.readOnly = new boolean[operations.size()];
        for (int i = 0; i < operations.size(); i++) {
            readOnly[i] = model.isReadOnly(operations.get(i));
        }
        this.meter = meter;
        this.entries = new EntryList(operations);
        this.linearized = new LinearizedSet(operations.size());
        this.visitBytes = 8L * ((operations.size() + 63) / 64) + 96;
        this.stackCalls = new int[operations.size()];
        this.stackStates = new Object[operations.size()];
        this.stackForced = new boolean[operations.size()];
        this.state = model.initialState();
        this.deepestState = state;
    }

    KeyResult run() {
        boolean deadEnd = !forceReads();
        int entry = entries.first();
        while (!entries.isEmpty()) {
            if (deadEnd || !EntryList.isCall(entry)) {
                // Either a return was reached (its operation should have been linearized already),
                // or a forced read led to a configuration already explored: undo the last choice.
                int call = backtrackToLastChoice();
                if (call == EntryList.END) {
                    return result(Verdict.NOT_LINEARIZABLE, stuckPoint());
                }
                entry = entries.next(call);
                deadEnd = false;
            } else {
                int operation = EntryList.operation(entry);
                Object next = model.step(state, operations.get(operation));
                if (next != null && tryLinearize(operation, next, false)) {
                    deadEnd = !forceReads();
                    entry = entries.first();
                } else {
                    entry = entries.next(entry);
                }
            }
            if (budgetExhaustedAfterStep()) {
                return result(Verdict.UNKNOWN, null);
            }
        }
        return result(Verdict.LINEARIZABLE, null);
    }

    /**
     * Linearizes, as forced steps, every read-only operation that may come next and is legal in the
     * current state, until there is none. Returns {@code false} when one of them leads to a visited
     * configuration, which is then a dead end for the current one too.
     */
    private boolean forceReads() {
        boolean forcedOne = true;
        while (forcedOne) {
            forcedOne = false;
            for (int entry = entries.first(); entry != EntryList.END && EntryList.isCall(entry); entry = entries.next(entry)) {
                int operation = EntryList.operation(entry);
                if (readOnly[operation] && model.step(state, operations.get(operation)) != null) {
                    if (!tryLinearize(operation, state, true)) {
                        return false;
                    }
                    forcedOne = true;
                    break;
                }
            }
        }
        return true;
    }

    private boolean budgetExhaustedAfterStep() {
        if (++stepsSinceClockRead >= Budget.Meter.STEPS_PER_CLOCK_READ) {
            stepsSinceClockRead = 0;
            meter.checkClock();
        }
        return meter.exhausted();
    }

    /** Linearizes the operation into {@code next} unless that pair was visited before; says whether it did. */
    private boolean tryLinearize(int operation, Object next, boolean forced) {
        linearized.add(operation);
        if (!visited.add(linearized, next)) {
            linearized.remove(operation);
            return false;
        }
        meter.visited(visitBytes);
        int call = EntryList.call(operation);
        stackCalls[depth] = call;
        stackStates[depth] = state;
        stackForced[depth] = forced;
        depth++;
        state = next;
        entries.lift(call);
        if (depth > deepestCalls.length) {
            deepestCalls = Arrays.copyOf(stackCalls, depth);
            deepestState = state;
        }
        return true;
    }

    /**
     * Undoes linearizations up to and including the last one that was a choice (not forced); returns
     * its call, or {@link EntryList#END} when there is no choice left to undo.
     */
    private int backtrackToLastChoice() {
        while (depth > 0) {
            depth--;
            int call = stackCalls[depth];
            state = stackStates[depth];
            stackStates[depth] = null;
            linearized.remove(EntryList.operation(call));
            entries.unlift(call);
            if (!stackForced[depth]) {
                return call;
            }
        }
        return EntryList.END;
    }

    private KeyResult result(Verdict verdict, StuckPoint stuckPoint) {
        return new KeyResult(key, verdict, operations.size(), stuckPoint);
    }

    /**
     * The deepest point of the search: the longest prefix, and the operations that real time allows
     * next there (called before the earliest return of an operation not in the prefix).
     */
    private StuckPoint stuckPoint() {
        List<Operation> prefix = new ArrayList<>(deepestCalls.length);
        boolean[] inPrefix = new boolean[operations.size()];
        for (int call : deepestCalls) {
            int operation = EntryList.operation(call);
            prefix.add(operations.get(operation));
            inPrefix[operation] = true;
        }
        long earliestReturn = Long.MAX_VALUE;
        for (int i = 0; i < operations.size(); i++) {
            if (!inPrefix[i]) {
                earliestReturn = Math.min(earliestReturn, operations.get(i).returnTime());
            }
        }
        List<StuckPoint.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            if (!inPrefix[i] && operation.callTime() < earliestReturn) {
                candidates.add(new StuckPoint.Candidate(operation, model.step(deepestState, operation) != null));
            }
        }
        candidates.sort(Comparator.comparingLong(c -> c.operation().callTime()));
        return new StuckPoint(prefix, model.render(deepestState), candidates);
    }
}

package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Wing-Gong-Lowe search over the operations of one key, as porcupine implements it.
 *
 * <p>Walk the entry list from the head. At a call, try to linearize its operation now: if the model
 * accepts it and the (linearized set, new state) pair is new, push, lift the call and its return out
 * of the list and start again from the head. At a return, the operation returning there should have
 * been linearized already and was not: pop the last linearized operation, unlift it and try the call
 * after it. The history is linearizable when the list is empty; not when a return is reached with
 * nothing to pop.
 *
 * <p>Invariants: {@code depth} operations are linearized, the stack holds their calls in order and the
 * state before each; {@code linearized} holds exactly the operations on the stack.
 */
final class KeySearch {
    private final Model model;
    private final JsonNode key;
    private final List<Operation> operations;
    private final Budget.Meter meter;
    private final EntryList entries;
    private final LinearizedSet linearized;
    private final VisitedStates visited = new VisitedStates();
    /** Estimated heap bytes of one cached visit: the copy of the bitset, the visit object and a hash-set node. */
    private final long visitBytes;
    private final int[] stackCalls;
    private final Object[] stackStates;
    private int depth;
    private Object state;
    /** The calls of the deepest stack seen (the longest linearizable prefix) and the state after them. */
    private int[] deepestCalls = new int[0];
    private Object deepestState;

    KeySearch(Model model, JsonNode key, List<Operation> keyOperations, Budget.Meter meter) {
        this.model = model;
        this.key = key;
        // A read whose outcome is unknown neither changes the state nor constrains anything: drop it.
        this.operations = keyOperations.stream().filter(op -> op.isKnown() || !model.isReadOnly(op)).toList();
        this.meter = meter;
        this.entries = new EntryList(operations);
        this.linearized = new LinearizedSet(operations.size());
        this.visitBytes = 8L * ((operations.size() + 63) / 64) + 96;
        this.stackCalls = new int[operations.size()];
        this.stackStates = new Object[operations.size()];
        this.state = model.initialState();
        this.deepestState = state;
    }

    KeyResult run() {
        int entry = entries.first();
        while (!entries.isEmpty()) {
            boolean visitedNew = false;
            if (EntryList.isCall(entry)) {
                int operation = EntryList.operation(entry);
                Object next = model.step(state, operations.get(operation));
                visitedNew = next != null && tryLinearize(operation, next);
                entry = visitedNew ? entries.first() : entries.next(entry);
            } else {
                if (depth == 0) {
                    return result(Verdict.NOT_LINEARIZABLE, stuckPoint());
                }
                entry = entries.next(backtrack());
            }
            if (meter.exhaustedAfterStep(visitedNew ? visitBytes : 0)) {
                return result(Verdict.UNKNOWN, null);
            }
        }
        return result(Verdict.LINEARIZABLE, null);
    }

    /** Linearizes the operation into {@code next} unless that pair was visited before; says whether it did. */
    private boolean tryLinearize(int operation, Object next) {
        linearized.add(operation);
        if (!visited.add(linearized, next)) {
            linearized.remove(operation);
            return false;
        }
        int call = EntryList.call(operation);
        stackCalls[depth] = call;
        stackStates[depth] = state;
        depth++;
        state = next;
        entries.lift(call);
        if (depth > deepestCalls.length) {
            deepestCalls = Arrays.copyOf(stackCalls, depth);
            deepestState = state;
        }
        return true;
    }

    /** Undoes the last linearization; returns the call that was undone. */
    private int backtrack() {
        depth--;
        int call = stackCalls[depth];
        state = stackStates[depth];
        stackStates[depth] = null;
        linearized.remove(EntryList.operation(call));
        entries.unlift(call);
        return call;
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

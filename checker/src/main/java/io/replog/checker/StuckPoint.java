package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Why a key's history is not linearizable, porcupine style: the longest linearizable prefix the
 * search found, the state it leads to, and the operations that could come next in real-time order,
 * none of which can be ordered there (each is either impossible in that state with the result it
 * reported, or possible but leads to a dead end).
 *
 * @param linearizedPrefix operations in the order they were linearized, the longest such order found
 * @param stateAfterPrefix the model state after the prefix
 * @param candidates       operations that could be linearized next by real-time order, by invoke line
 */
public record StuckPoint(List<Operation> linearizedPrefix, JsonNode stateAfterPrefix, List<Candidate> candidates) {

    public StuckPoint {
        linearizedPrefix = List.copyOf(linearizedPrefix);
        candidates = List.copyOf(candidates);
    }

    /**
     * An operation that could come next by real-time order.
     *
     * @param possibleInState whether the model allows it in the state after the prefix (it then leads to a dead end)
     */
    public record Candidate(Operation operation, boolean possibleInState) {
        /** In words, e.g. {@code impossible: the state is 3}. */
        public String reason(JsonNode state) {
            return possibleInState
                ? "possible here, but every order of the operations left after it fails"
                : "impossible here: the state is " + JsonValues.render(state);
        }
    }

    /** A few lines saying where the search got stuck, for people. */
    public String describe(int prefixOperationsShown) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(prefixOperationsShown, linearizedPrefix.size());
        text.append("longest linearizable prefix: ").append(linearizedPrefix.size()).append(" operations");
        text.append(shown < linearizedPrefix.size() ? ", the last " + shown + ":" : shown == 0 ? "" : ":");
        text.append('\n');
        for (Operation operation : linearizedPrefix.subList(linearizedPrefix.size() - shown, linearizedPrefix.size())) {
            text.append("    ").append(operation.describe()).append('\n');
        }
        text.append("  state after it: ").append(JsonValues.render(stateAfterPrefix)).append('\n');
        text.append("  none of these can come next:\n");
        for (Candidate candidate : candidates) {
            text.append("    ").append(candidate.operation().describe()).append(": ")
                .append(candidate.reason(stateAfterPrefix)).append('\n');
        }
        return text.toString();
    }
}

package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A sequential specification of one object (one register, one key), against which the
 * linearizability checker tries to order the operations of a history.
 *
 * <p>Histories are partitioned by key before checking, so a model describes a single key; this is
 * P-compositionality (Herlihy and Wing): a history is linearizable iff each key's sub-history is.
 *
 * <p>States are immutable values with {@code equals} and {@code hashCode}, because the checker caches
 * the (operations linearized, state) pairs it has visited. A state is never {@code null}.
 */
public interface Model {
    /** The name used on the command line, e.g. {@code register}. */
    String name();

    /** The functions ({@code f}) the model knows, for messages. */
    List<String> functions();

    /**
     * Checks one event of a known function; returns {@code null} when it is well formed, otherwise
     * what is wrong with it, in words (the reader adds file and line).
     *
     * @param type  invoke, or ok with the result; fail and info events are not validated
     * @param f     one of {@link #functions()}
     * @param value the canonical value of the event, JSON null when absent
     */
    String validate(EventType type, String f, JsonNode value);

    /** The state of a key nobody has written yet. */
    Object initialState();

    /**
     * The state after {@code operation} took effect in {@code state}, or {@code null} when it cannot
     * take effect there with the result it reported. An operation with an unknown outcome
     * ({@link Operation#isKnown()} false) accepts any result.
     */
    Object step(Object state, Operation operation);

    /** Whether the operation never changes the state; such operations with an unknown outcome can be dropped. */
    boolean isReadOnly(Operation operation);

    /**
     * Whether an operation whose outcome is unknown can be left out of the search because, had it
     * taken effect, no operation of the key could have seen it. Such an operation can always be
     * moved to the end of a linearization (it never returns, so real time allows it anywhere after
     * its invoke), where its effect is seen by nobody; leaving it out saves the search from trying it
     * at every point. Timeouts are common in real histories and each one doubles the states to visit.
     * The default keeps every operation.
     *
     * @param unknown       an operation with {@link Operation#isKnown()} false
     * @param keyOperations all operations of the key, {@code unknown} included
     */
    default boolean isUnobservable(Operation unknown, List<Operation> keyOperations) {
        return false;
    }

    /** A state as a JSON value, for reports. */
    JsonNode render(Object state);
}

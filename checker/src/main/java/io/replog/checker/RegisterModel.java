package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.List;

/**
 * A read/write/compare-and-set register holding any JSON value; {@code null} until first written.
 *
 * <ul>
 *   <li>{@code read}: the {@code ok} value is the value read ({@code null} when never written);</li>
 *   <li>{@code write}: the invoke value is written;</li>
 *   <li>{@code cas}: the invoke value is {@code [expected, new]}; {@code ok} means it swapped, {@code fail}
 *       that it did not (the checker drops it), unknown that it either swapped or found another value.</li>
 * </ul>
 */
public final class RegisterModel implements Model {
    public static final String NAME = "register";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> functions() {
        return List.of("read", "write", "cas");
    }

    @Override
    public String validate(EventType type, String f, JsonNode value) {
        if (type == EventType.INVOKE && f.equals("cas") && !(value.isArray() && value.size() == 2)) {
            return "a cas needs the value [expected, new], found " + JsonValues.render(value);
        }
        return null;
    }

    @Override
    public Object initialState() {
        return NullNode.getInstance();
    }

    @Override
    public Object step(Object state, Operation operation) {
        switch (operation.f()) {
            case "read":
                return !operation.isKnown() || operation.output().equals(state) ? state : null;
            case "write":
                return operation.input();
            case "cas":
                if (operation.input().get(0).equals(state)) {
                    return operation.input().get(1);
                }
                // A cas that found another value changed nothing: fine unless it claimed success.
                return operation.isKnown() ? null : state;
            default:
                throw new IllegalArgumentException("register has no function " + operation.f());
        }
    }

    @Override
    public boolean isReadOnly(Operation operation) {
        return operation.f().equals("read");
    }

    /**
     * A timed-out write (or cas) of a value that no read returned and no cas expected. Had it taken
     * effect, the register would have held its value until the next write, with no read and no
     * successful cas in between (they would have seen the value); only timed-out cas could be there,
     * and they too can move to the end. So a linearization with it becomes one without it.
     */
    @Override
    public boolean isUnobservable(Operation unknown, List<Operation> keyOperations) {
        JsonNode written;
        switch (unknown.f()) {
            case "write": written = unknown.input(); break;
            case "cas": written = unknown.input().get(1); break;
            default: return false;
        }
        for (Operation operation : keyOperations) {
            boolean reads = operation.f().equals("read") && operation.isKnown() && operation.output().equals(written);
            boolean expects = operation.f().equals("cas") && operation.input().get(0).equals(written);
            if (reads || expects) {
                return false;
            }
        }
        return true;
    }

    @Override
    public JsonNode render(Object state) {
        return (JsonNode) state;
    }
}

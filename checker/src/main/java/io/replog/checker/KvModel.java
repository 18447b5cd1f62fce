package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;

/**
 * One key of a key-value store of strings; an absent key reads as {@code ""}.
 *
 * <ul>
 *   <li>{@code get}: the {@code ok} value is the string read ({@code null} is read as {@code ""});</li>
 *   <li>{@code put}: the invoke value (a string) replaces the value;</li>
 *   <li>{@code append}: the invoke value (a string) is appended to the value.</li>
 * </ul>
 */
public final class KvModel implements Model {
    public static final String NAME = "kv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> functions() {
        return List.of("get", "put", "append");
    }

    @Override
    public String validate(EventType type, String f, JsonNode value) {
        boolean writes = f.equals("put") || f.equals("append");
        if (type == EventType.INVOKE && writes && !value.isTextual()) {
            return "a " + f + " needs a string value, found " + JsonValues.render(value);
        }
        if (type == EventType.OK && f.equals("get") && !(value.isTextual() || value.isNull())) {
            return "a get returns a string (or null for an absent key), found " + JsonValues.render(value);
        }
        return null;
    }

    @Override
    public Object initialState() {
        return KvValue.EMPTY;
    }

    @Override
    public Object step(Object state, Operation operation) {
        KvValue value = (KvValue) state;
        switch (operation.f()) {
            case "get":
                if (!operation.isKnown()) {
                    return value;
                }
                String read = operation.output().isNull() ? "" : operation.output().textValue();
                return value.sameAs(read) ? value : null;
            case "put":
                return KvValue.of(operation.input().textValue());
            case "append":
                return value.append(operation.input().textValue());
            default:
                throw new IllegalArgumentException("kv has no function " + operation.f());
        }
    }

    @Override
    public boolean isReadOnly(Operation operation) {
        return operation.f().equals("get");
    }

    /**
     * A timed-out append whose string no get's result contains, or a timed-out put whose string no
     * get's result starts with. Had it taken effect, every get up to the next put would have shown
     * its string, so there is none; moving it to the end changes only values nobody read.
     */
    @Override
    public boolean isUnobservable(Operation unknown, List<Operation> keyOperations) {
        String written = unknown.input().textValue();
        boolean append = unknown.f().equals("append");
        if (!append && !unknown.f().equals("put")) {
            return false;
        }
        for (Operation operation : keyOperations) {
            if (operation.f().equals("get") && operation.isKnown()) {
                String read = operation.output().isNull() ? "" : operation.output().textValue();
                if (append ? read.contains(written) : read.startsWith(written)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public JsonNode render(Object state) {
        return TextNode.valueOf(state.toString());
    }
}

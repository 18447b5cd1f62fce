package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of a history in invoke order, with {@code fail}ed operations already dropped.
 *
 * <p>Invariants: {@code operations.get(i).id() == i}; invoke lines strictly increase; a known
 * operation's completion line is after its invoke line.
 */
public final class History {
    private final String source;
    private final List<Operation> operations;
    private final int failedCount;

    public History(String source, List<Operation> operations, int failedCount) {
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            if (operation.id() != i) {
                throw new IllegalArgumentException("operation " + i + " has id " + operation.id());
            }
            if (operation.isKnown() && operation.completionLine() <= operation.invokeLine()) {
                throw new IllegalArgumentException("operation " + i + " completes before it is invoked");
            }
        }
        this.source = source;
        this.operations = List.copyOf(operations);
        this.failedCount = failedCount;
    }

    /** Where the history came from (a file name), for messages. */
    public String source() {
        return source;
    }

    public List<Operation> operations() {
        return operations;
    }

    /** How many operations completed with {@code fail} and were dropped. */
    public int failedCount() {
        return failedCount;
    }

    /** The operations of each key (the key {@code null} for operations without one), keys in order of first appearance. */
    public Map<JsonNode, List<Operation>> byKey() {
        Map<JsonNode, List<Operation>> partitions = new LinkedHashMap<>();
        for (Operation operation : operations) {
            partitions.computeIfAbsent(operation.key(), k -> new ArrayList<>()).add(operation);
        }
        partitions.replaceAll((key, list) -> Collections.unmodifiableList(list));
        return partitions;
    }
}

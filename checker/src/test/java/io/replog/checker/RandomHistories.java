package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Linearizable histories by construction: simulated processes invoke operations, each takes effect
 * atomically on a real object at a random moment between its invoke and its completion (its
 * linearization point), and completions are reported later, so intervals overlap at random.
 * Some operations time out ({@code info}, having taken effect or not) or never complete.
 */
final class RandomHistories {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Phases of a simulated process. */
    private enum Phase { IDLE, INVOKED, APPLIED }

    private static final class Process {
        int id;
        Phase phase = Phase.IDLE;
        ObjectNode invoke;
        JsonNode result;
        String completionType;
        /** For an operation that will time out: whether it takes effect anyway. */
        boolean takesEffect;
    }

    private final Random random;
    private final String model;
    private final int keyCount;
    private final double infoProbability;
    private final Map<JsonNode, JsonNode> state = new HashMap<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private int nextValue = 1;

    private RandomHistories(Random random, String model, int keyCount, double infoProbability) {
        this.random = random;
        this.model = model;
        this.keyCount = keyCount;
        this.infoProbability = infoProbability;
    }

    /** Events of a linearizable history of the given model ({@code register} or {@code kv}). */
    static List<ObjectNode> generate(long seed, String model, int processCount, int operationCount, int keyCount,
                                     double infoProbability) {
        RandomHistories generator = new RandomHistories(new Random(seed), model, keyCount, infoProbability);
        generator.run(processCount, operationCount);
        return generator.events;
    }

    static String toJsonLines(List<ObjectNode> events) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode event : events) {
            text.append(event).append('\n');
        }
        return text.toString();
    }

    private void run(int processCount, int operationCount) {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < processCount; i++) {
            Process process = new Process();
            process.id = i;
            processes.add(process);
        }
        int invoked = 0;
        while (invoked < operationCount) {
            Process process = processes.get(random.nextInt(processCount));
            switch (process.phase) {
                case IDLE -> {
                    invoke(process);
                    invoked++;
                }
                case INVOKED -> apply(process);
                case APPLIED -> complete(process, processCount);
            }
        }
        // The run ends: most processes in flight complete, the others never do.
        for (Process process : processes) {
            if (process.phase != Phase.IDLE && random.nextInt(4) > 0) {
                if (process.phase == Phase.INVOKED) {
                    apply(process);
                }
                complete(process, processCount);
            }
        }
    }

    private void invoke(Process process) {
        JsonNode key = keyCount == 1 && model.equals("register") ? null : JSON.textNode("k" + random.nextInt(keyCount));
        ObjectNode event = event(process, "invoke", key);
        int choice = random.nextInt(10);
        if (model.equals("register")) {
            if (choice < 4) {
                event.put("f", "read").putNull("value");
            } else if (choice < 8) {
                event.put("f", "write").put("value", nextValue++);
            } else {
                JsonNode current = state.getOrDefault(key, NullNode.getInstance());
                JsonNode expected = random.nextBoolean() || current.isNull() ? current : JSON.numberNode(random.nextInt(nextValue));
                event.put("f", "cas").putArray("value").add(expected).add(nextValue++);
            }
        } else {
            if (choice < 4) {
                event.put("f", "get").putNull("value");
            } else if (choice < 9) {
                event.put("f", "append").put("value", "t" + nextValue++ + ";");
            } else {
                event.put("f", "put").put("value", "p" + nextValue++ + ";");
            }
        }
        process.invoke = event;
        process.phase = Phase.INVOKED;
        process.completionType = random.nextDouble() < infoProbability ? "info" : "ok";
        process.takesEffect = random.nextBoolean();
        events.add(event);
    }

    /** The linearization point: the operation takes effect on the real object (unless it times out without effect). */
    private void apply(Process process) {
        ObjectNode invoke = process.invoke;
        JsonNode key = invoke.get("key");
        JsonNode current = state.getOrDefault(key, model.equals("kv") ? JSON.textNode("") : NullNode.getInstance());
        JsonNode value = invoke.get("value");
        process.phase = Phase.APPLIED;
        if (process.completionType.equals("info") && !process.takesEffect) {
            return;
        }
        switch (invoke.get("f").textValue()) {
            case "read", "get" -> process.result = current;
            case "write", "put" -> state.put(key, value);
            case "append" -> state.put(key, JSON.textNode(current.textValue() + value.textValue()));
            case "cas" -> {
                if (value.get(0).equals(current)) {
                    state.put(key, value.get(1));
                } else if (process.completionType.equals("ok")) {
                    process.completionType = "fail";
                }
            }
            default -> throw new IllegalStateException(invoke.toString());
        }
    }

    private void complete(Process process, int processCount) {
        ObjectNode completion = event(process, process.completionType, process.invoke.get("key"));
        completion.put("f", process.invoke.get("f").textValue());
        if (process.completionType.equals("info")) {
            completion.putNull("value");
            // As Jepsen does: a process whose operation timed out is replaced by a fresh one.
            process.id += processCount;
        } else if (process.result != null) {
            completion.set("value", process.result);
        } else {
            completion.set("value", process.invoke.get("value"));
        }
        events.add(completion);
        process.phase = Phase.IDLE;
        process.result = null;
    }

    private static ObjectNode event(Process process, String type, JsonNode key) {
        ObjectNode event = JSON.objectNode();
        event.put("process", process.id).put("type", type);
        if (key != null) {
            event.set("key", key);
        }
        return event;
    }
}

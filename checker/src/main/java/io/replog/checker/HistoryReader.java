package io.replog.checker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a history in JSON Lines, one event per line, Jepsen style:
 * <pre>{"process": 3, "type": "invoke"|"ok"|"fail"|"info", "f": "write", "key": "x", "value": 4}</pre>
 *
 * <p>Each process runs one operation at a time: an {@code invoke} is completed by the next event of
 * the same process, which must be {@code ok}, {@code fail} or {@code info} with the same {@code f}
 * and {@code key}. Blank lines are skipped, and so are the events of Jepsen's fault injector (process
 * {@code "nemesis"}), which are not client operations. {@code key} is optional; {@code value} is
 * optional and read as {@code null} when absent. The model checks {@code f} and the shape of values.
 */
public final class HistoryReader {
    /** The process name Jepsen gives its fault injector. */
    private static final String NEMESIS = "nemesis";

    private final Model model;

    public HistoryReader(Model model) {
        this.model = model;
    }

    public History read(Path file) throws IOException, HistoryFormatException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    public History read(Reader input, String source) throws IOException, HistoryFormatException {
        BufferedReader lines = input instanceof BufferedReader ? (BufferedReader) input : new BufferedReader(input);
        Map<String, Invoke> inProgress = new HashMap<>();
        List<Invoke> invokes = new ArrayList<>();
        int failedCount = 0;
        long lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            Event event = parse(line, source, lineNumber);
            if (event == null) {
                continue;
            }
            Invoke open = inProgress.get(event.process);
            if (event.type == EventType.INVOKE) {
                if (open != null) {
                    throw new HistoryFormatException(source, lineNumber, "process " + event.process
                        + " invokes " + event.f + " while its " + open.event.f + " from line " + open.event.line
                        + " has not completed; a process runs one operation at a time, so complete it first"
                        + " with ok, fail or info (use a new process id after an info)");
                }
                Invoke invoke = new Invoke(event);
                inProgress.put(event.process, invoke);
                invokes.add(invoke);
                continue;
            }
            if (open == null) {
                throw new HistoryFormatException(source, lineNumber, "a " + event.type.jsonName()
                    + " event for process " + event.process + ", which has no invoke in progress;"
                    + " every completion must follow an invoke by the same process");
            }
            checkMatches(open.event, event, source);
            inProgress.remove(event.process);
            open.completion = event;
            if (event.type == EventType.FAIL) {
                open.failed = true;
                failedCount++;
            }
        }
        return new History(source, operations(invokes), failedCount);
    }

    private static List<Operation> operations(List<Invoke> invokes) {
        List<Operation> operations = new ArrayList<>(invokes.size());
        for (Invoke invoke : invokes) {
            if (invoke.failed) {
                continue;
            }
            Event call = invoke.event;
            Event completion = invoke.completion;
            JsonNode output = completion != null && completion.type == EventType.OK ? completion.value : null;
            operations.add(new Operation(operations.size(), call.process, call.f, call.key, call.value, output,
                call.line, completion == null ? 0 : completion.line));
        }
        return operations;
    }

    private static void checkMatches(Event invoke, Event completion, String source) throws HistoryFormatException {
        if (!invoke.f.equals(completion.f)) {
            throw new HistoryFormatException(source, completion.line, "process " + completion.process
                + " completes " + completion.f + " but invoked " + invoke.f + " at line " + invoke.line);
        }
        boolean sameKey = invoke.key == null ? completion.key == null : invoke.key.equals(completion.key);
        if (!sameKey && completion.key != null) {
            throw new HistoryFormatException(source, completion.line, "process " + completion.process
                + " completes " + completion.f + " on key " + JsonValues.render(completion.key)
                + " but invoked it on key " + JsonValues.render(invoke.key) + " at line " + invoke.line);
        }
    }

    /** The event on a line, or {@code null} for an event to skip (the nemesis's). */
    private Event parse(String line, String source, long lineNumber) throws HistoryFormatException {
        JsonNode node;
        try {
            node = JsonValues.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new HistoryFormatException(source, lineNumber, "not valid JSON ("
                + e.getOriginalMessage() + "); each line must be one JSON object");
        }
        if (node == null || !node.isObject()) {
            throw new HistoryFormatException(source, lineNumber, "not a JSON object; each line must be one event"
                + " like {\"process\": 1, \"type\": \"invoke\", \"f\": \"read\", \"value\": null}");
        }
        JsonNode process = node.get("process");
        if (process == null || !(process.isIntegralNumber() || process.isTextual())) {
            throw new HistoryFormatException(source, lineNumber,
                "\"process\" is missing or not an integer or string");
        }
        if (process.isTextual() && process.textValue().equals(NEMESIS)) {
            return null;
        }
        JsonNode typeNode = node.get("type");
        EventType type = typeNode != null && typeNode.isTextual() ? EventType.parse(typeNode.textValue()) : null;
        if (type == null) {
            throw new HistoryFormatException(source, lineNumber, "\"type\" is " + JsonValues.render(typeNode)
                + "; expected \"invoke\", \"ok\", \"fail\" or \"info\"");
        }
        JsonNode fNode = node.get("f");
        String f = fNode != null && fNode.isTextual() ? fNode.textValue() : null;
        if (f == null || !model.functions().contains(f)) {
            throw new HistoryFormatException(source, lineNumber, "\"f\" is " + JsonValues.render(fNode)
                + ", unknown to the " + model.name() + " model; expected one of " + model.functions());
        }
        JsonNode keyNode = node.get("key");
        JsonNode key = keyNode == null || keyNode.isNull() ? null : JsonValues.canonical(keyNode);
        if (key != null && !key.isValueNode()) {
            throw new HistoryFormatException(source, lineNumber, "\"key\" must be a string or a number, found " + key);
        }
        JsonNode value = JsonValues.canonical(node.get("value"));
        if (type == EventType.INVOKE || type == EventType.OK) {
            String problem = model.validate(type, f, value);
            if (problem != null) {
                throw new HistoryFormatException(source, lineNumber, problem);
            }
        }
        return new Event(lineNumber, process.asText(), type, f, key, value);
    }

    private static final class Event {
        final long line;
        final String process;
        final EventType type;
        final String f;
        final JsonNode key;
        final JsonNode value;

        Event(long line, String process, EventType type, String f, JsonNode key, JsonNode value) {
            this.line = line;
            this.process = process;
            this.type = type;
            this.f = f;
            this.key = key;
            this.value = value;
        }
    }

    private static final class Invoke {
        final Event event;
        Event completion;
        boolean failed;

        Invoke(Event event) {
            this.event = event;
        }
    }
}

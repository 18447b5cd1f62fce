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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link DeliveryHistory} from JSON Lines, one event per line:
 * <pre>
 * {"type": "deliver", "replica": "a", "epoch": 1, "counter": 2, "label": "B"}
 * {"type": "commit", "epoch": 1, "counter": 2}
 * </pre>
 * A replica's {@code deliver} events are in the order it delivered the deltas; {@code label} is
 * optional. {@code commit} says a delta is committed (e.g. acknowledged to its client); their order
 * does not matter. Blank lines are skipped.
 */
public final class DeliveryHistoryReader {

    public DeliveryHistory read(Path file) throws IOException, HistoryFormatException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        }
    }

    public DeliveryHistory read(Reader input, String source) throws IOException, HistoryFormatException {
        BufferedReader lines = input instanceof BufferedReader ? (BufferedReader) input : new BufferedReader(input);
        Map<String, List<DeliveryHistory.Delivery>> deliveries = new LinkedHashMap<>();
        Map<Delta, Long> committed = new LinkedHashMap<>();
        long lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode event = parse(line, source, lineNumber);
            String type = event.path("type").asText("");
            Delta delta = new Delta(number(event, "epoch", source, lineNumber), number(event, "counter", source, lineNumber));
            if (type.equals("deliver")) {
                JsonNode replica = event.get("replica");
                if (replica == null || !(replica.isTextual() || replica.isIntegralNumber())) {
                    throw new HistoryFormatException(source, lineNumber,
                        "a deliver event needs \"replica\", a string or an integer");
                }
                JsonNode label = event.get("label");
                deliveries.computeIfAbsent(replica.asText(), r -> new ArrayList<>()).add(
                    new DeliveryHistory.Delivery(delta, label == null || label.isNull() ? null : label.asText(), lineNumber));
            } else if (type.equals("commit")) {
                committed.putIfAbsent(delta, lineNumber);
            } else {
                throw new HistoryFormatException(source, lineNumber, "\"type\" is " + JsonValues.render(event.get("type"))
                    + "; expected \"deliver\" or \"commit\"");
            }
        }
        return new DeliveryHistory(source, deliveries, committed);
    }

    private static JsonNode parse(String line, String source, long lineNumber) throws HistoryFormatException {
        try {
            JsonNode node = JsonValues.MAPPER.readTree(line);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw new HistoryFormatException(source, lineNumber, "not valid JSON (" + e.getOriginalMessage()
                + "); each line must be one JSON object");
        }
        throw new HistoryFormatException(source, lineNumber, "not a JSON object; each line must be one event like"
            + " {\"type\": \"deliver\", \"replica\": \"a\", \"epoch\": 1, \"counter\": 1}");
    }

    private static long number(JsonNode event, String field, String source, long lineNumber)
        throws HistoryFormatException {
        JsonNode value = event.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new HistoryFormatException(source, lineNumber, "\"" + field + "\" is " + JsonValues.render(value)
                + "; expected a non-negative integer");
        }
        return value.longValue();
    }
}

package io.replog.checker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Values of a history compared as JSON values: {@code 1}, {@code 1.0} and {@code 1e0} are the same
 * number, {@code "1"} is a different (string) value. Jackson's own {@code equals} tells an
 * {@code IntNode} from a {@code LongNode}, so every value is brought to one canonical form when it is
 * read; after that {@link JsonNode#equals} and {@link JsonNode#hashCode} are the comparison.
 */
public final class JsonValues {
    /** Reads floating point numbers as {@link BigDecimal} so that no digit of the input is lost. */
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonValues() {
    }

    /** The canonical form of a value; {@code null} (field absent) becomes JSON {@code null}. */
    public static JsonNode canonical(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return NullNode.getInstance();
        }
        if (value.isNumber()) {
            return canonicalNumber(value);
        }
        if (value.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
            for (JsonNode element : value) {
                array.add(canonical(element));
            }
            return array;
        }
        if (value.isObject()) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                object.set(field.getKey(), canonical(field.getValue()));
            }
            return object;
        }
        return value;
    }

    private static JsonNode canonicalNumber(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return LongNode.valueOf(value.longValue());
        }
        BigDecimal decimal = value.decimalValue().stripTrailingZeros();
        if (decimal.scale() <= 0) {
            try {
                return LongNode.valueOf(decimal.longValueExact());
            } catch (ArithmeticException tooLarge) {
                // Beyond a long: keep it as a decimal, still canonical thanks to stripTrailingZeros.
            }
        }
        return DecimalNode.valueOf(decimal);
    }

    /** A value as it would appear in the history file, for messages. */
    public static String render(JsonNode value) {
        return value == null ? "null" : value.toString();
    }
}

package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The verdict on the operations of one key.
 *
 * @param key            the key, {@code null} for operations without a key
 * @param verdict        linearizable, not, or unknown when the budget ran out
 * @param operationCount operations of the key checked (fail dropped)
 * @param stuckPoint     where the search got stuck; non-null exactly when the verdict is NOT_LINEARIZABLE
 */
public record KeyResult(JsonNode key, Verdict verdict, int operationCount, StuckPoint stuckPoint) {
    public KeyResult {
        if ((verdict == Verdict.NOT_LINEARIZABLE) != (stuckPoint != null)) {
            throw new IllegalArgumentException("a stuck point comes with, and only with, a failure");
        }
    }

    /** The key as text for messages: its JSON form, or {@code (no key)}. */
    public String keyLabel() {
        return key == null ? "(no key)" : JsonValues.render(key);
    }
}

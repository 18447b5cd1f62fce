package io.replog.checker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of a history: an invoke paired with its completion.
 *
 * <p>Times are the line numbers of the events in the history file, so that every report points
 * straight at the lines to look at. An operation whose outcome is unknown (completed by {@code info},
 * or never completed) has {@link #output()} {@code null} and returns at +infinity: it may take effect
 * at any moment after its invoke, or never, which is the same thing for a checker.
 *
 * @param id             position of the operation in the history (invoke order), from 0
 * @param process        the process that ran it (rendered as text: {@code 3} and {@code "3"} are the same process)
 * @param f              the function, e.g. {@code read}
 * @param key            the key, or {@code null} when the event has none (one object for the whole history)
 * @param input          the value of the invoke event, canonical ({@link JsonValues}); JSON null when absent
 * @param output         the value of the {@code ok} event, canonical; {@code null} when the outcome is unknown
 * @param invokeLine     line of the invoke event, from 1
 * @param completionLine line of the {@code ok} or {@code info} event; 0 when the operation never completed
 */
public record Operation(int id, String process, String f, JsonNode key, JsonNode input, JsonNode output,
                        long invokeLine, long completionLine) {

    /** Whether the operation completed with {@code ok}, so its effect and result are known. */
    public boolean isKnown() {
        return output != null;
    }

    public long callTime() {
        return invokeLine;
    }

    /** The completion line of a known operation; {@link Long#MAX_VALUE} when the outcome is unknown. */
    public long returnTime() {
        return isKnown() ? completionLine : Long.MAX_VALUE;
    }

    /** {@code ok}, {@code info} (timed out) or {@code pending} (never completed). */
    public String status() {
        if (isKnown()) {
            return "ok";
        }
        return completionLine == 0 ? "pending" : "info";
    }

    /** For example {@code process 3 read -> 4 (lines 12-15)} or {@code process 1 cas [1,2] (line 7, info at 9)}. */
    public String describe() {
        StringBuilder text = new StringBuilder("process ").append(process).append(' ').append(f);
        if (!input.isNull()) {
            text.append(' ').append(JsonValues.render(input));
        }
        if (isKnown()) {
            // A read shows what it returned; a write or cas that echoes its input shows nothing more.
            if (input.isNull() || !output.equals(input)) {
                text.append(" -> ").append(JsonValues.render(output));
            }
            text.append(" (lines ").append(invokeLine).append('-').append(completionLine).append(')');
        } else if (completionLine == 0) {
            text.append(" (line ").append(invokeLine).append(", never completed)");
        } else {
            text.append(" (line ").append(invokeLine).append(", info at ").append(completionLine).append(')');
        }
        return text.toString();
    }
}

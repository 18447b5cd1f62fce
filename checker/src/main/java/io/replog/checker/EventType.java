package io.replog.checker;

/** The {@code type} of a history event, as Jepsen writes it. */
public enum EventType {
    /** A process starts an operation. */
    INVOKE,
    /** The operation took effect, and the event carries its result. */
    OK,
    /** The operation certainly took no effect; the checker drops it. */
    FAIL,
    /** The outcome is unknown (a timeout): it may or may not have taken effect, at any time after its invoke. */
    INFO;

    /** The type named in the history, or {@code null} when the name is none of the four. */
    static EventType parse(String name) {
        switch (name) {
            case "invoke": return INVOKE;
            case "ok": return OK;
            case "fail": return FAIL;
            case "info": return INFO;
            default: return null;
        }
    }

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

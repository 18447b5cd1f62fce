package io.replog.checker;

/** The answer of a check. */
public enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    /** The budget (time or visited states) ran out before the search decided. */
    UNKNOWN;

    /** {@code true}, {@code false} or {@code null} (unknown), as the JSON output says it. */
    public Boolean asBoolean() {
        return this == UNKNOWN ? null : this == LINEARIZABLE;
    }

    /** The verdict of a whole history from the verdicts of its keys: any failure wins over unknown. */
    static Verdict combine(Verdict a, Verdict b) {
        if (a == NOT_LINEARIZABLE || b == NOT_LINEARIZABLE) {
            return NOT_LINEARIZABLE;
        }
        return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : LINEARIZABLE;
    }
}

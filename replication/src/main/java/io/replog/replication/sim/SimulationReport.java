package io.replog.replication.sim;

import java.util.List;

/** The runs of one `replog simulate` invocation. */
public record SimulationReport(List<RunResult> runs) {
    public long violations() {
        long total = 0;
        for (RunResult run : runs) {
            total += run.violations().size();
        }
        return total;
    }

    /** Text for humans: one line per run, then every violation with its trace, then a total. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        long steps = 0;
        long wallNanos = 0;
        for (RunResult run : runs) {
            out.append(run.describe()).append('\n');
            steps += run.steps();
            wallNanos += run.wallNanos();
        }
        for (RunResult run : runs) {
            for (Violation violation : run.violations()) {
                out.append(violation.describe());
            }
        }
        out.append(runs.size()).append(" run(s), ").append(violations()).append(" violation(s)");
        if (wallNanos > 0) {
            out.append(String.format(", %.0f simulated steps/s", steps * 1e9 / wallNanos));
        }
        return out.append('\n').toString();
    }

}

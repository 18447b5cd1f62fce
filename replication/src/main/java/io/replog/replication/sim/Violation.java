package io.replog.replication.sim;

import java.util.List;

/**
 * A broken invariant: which one, where in the run, and the last events before it (oldest first),
 * enough to read what happened; the seed replays the whole run.
 */
public record Violation(long seed, int nodeCount, long steps, long step, long timeMs, String invariant, String detail, List<String> trace) {
    /** A readable report, the way `replog simulate` prints it. */
    public String describe() {
        StringBuilder out = new StringBuilder()
            .append("VIOLATION of ").append(invariant).append(" at step ").append(step).append(" (t=").append(timeMs)
            .append("ms), seed ").append(seed).append('\n')
            .append("  ").append(detail).append('\n')
            .append("  last events:\n");
        for (String line : trace) {
            out.append("    ").append(line).append('\n');
        }
        out.append("  replay: replog simulate --seed ").append(seed).append(" --nodes ").append(nodeCount).append(" --steps ").append(steps).append('\n');
        return out.toString();
    }
}

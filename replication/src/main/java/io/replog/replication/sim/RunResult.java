package io.replog.replication.sim;

import java.util.List;
import java.util.Map;

/**
 * Summary of one simulated run.
 *
 * @param seed              replays the run exactly.
 * @param steps             events processed.
 * @param simulatedMs       simulated time covered.
 * @param proposals         client proposals accepted by a leader.
 * @param commits           entries committed (the length of the common committed log, no-ops included).
 * @param delivered         proposals delivered in the common sequence (primary order).
 * @param leaderChanges     distinct (term, leader) pairs seen.
 * @param snapshotsInstalled snapshots received from a leader and installed.
 * @param readsServed       linearizable reads (ReadIndex) answered and checked.
 * @param faults            injected faults by kind.
 * @param traceHash         hash of every event; identical for identical seeds.
 * @param violations        broken invariants (the run stops at the first).
 * @param wallNanos         wall-clock time the run took.
 */
public record RunResult(
    long seed,
    long steps,
    long simulatedMs,
    long proposals,
    long commits,
    long delivered,
    long leaderChanges,
    long snapshotsInstalled,
    long readsServed,
    Map<String, Long> faults,
    long traceHash,
    List<Violation> violations,
    long wallNanos) {

    public boolean ok() {
        return violations.isEmpty();
    }

    /** Simulated steps per wall-clock second. */
    public double stepsPerSecond() {
        return wallNanos == 0 ? 0 : steps * 1e9 / wallNanos;
    }

    /** Simulated cluster-seconds per wall-clock second. */
    public double simulatedSecondsPerWallSecond() {
        return wallNanos == 0 ? 0 : simulatedMs * 1e6 / wallNanos;
    }

    public String traceHashHex() {
        return String.format("%016x", traceHash);
    }

    /** One JSON object, the shape `replog simulate --json` prints per run. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{");
        json.append("\"seed\":").append(seed)
            .append(",\"steps\":").append(steps)
            .append(",\"simulatedMs\":").append(simulatedMs)
            .append(",\"proposals\":").append(proposals)
            .append(",\"commits\":").append(commits)
            .append(",\"delivered\":").append(delivered)
            .append(",\"leaderChanges\":").append(leaderChanges)
            .append(",\"snapshotsInstalled\":").append(snapshotsInstalled)
            .append(",\"readsServed\":").append(readsServed)
            .append(",\"faults\":{");
        boolean first = true;
        for (Map.Entry<String, Long> fault : faults.entrySet()) {
            json.append(first ? "" : ",").append('"').append(fault.getKey()).append("\":").append(fault.getValue());
            first = false;
        }
        json.append("},\"traceHash\":\"").append(traceHashHex()).append('"')
            .append(",\"violations\":[");
        for (int i = 0; i < violations.size(); i++) {
            Violation v = violations.get(i);
            json.append(i == 0 ? "" : ",").append("{\"invariant\":").append(quote(v.invariant()))
                .append(",\"step\":").append(v.step()).append(",\"timeMs\":").append(v.timeMs())
                .append(",\"detail\":").append(quote(v.detail())).append(",\"trace\":[");
            for (int t = 0; t < v.trace().size(); t++) {
                json.append(t == 0 ? "" : ",").append(quote(v.trace().get(t)));
            }
            json.append("]}");
        }
        json.append("],\"stepsPerSecond\":").append(Math.round(stepsPerSecond()))
            .append(",\"simulatedSecondsPerWallSecond\":").append(Math.round(simulatedSecondsPerWallSecond()))
            .append('}');
        return json.toString();
    }

    /** One line for humans. */
    public String describe() {
        return "seed " + seed + ": " + (ok() ? "ok" : violations.size() + " VIOLATION(S)") + ", " + steps + " steps, " + simulatedMs + " ms simulated, "
            + proposals + " proposals, " + commits + " commits, " + delivered + " delivered, " + leaderChanges + " leader changes, "
            + snapshotsInstalled + " snapshots installed, " + readsServed + " reads, faults " + faults + ", traceHash " + traceHashHex()
            + String.format(", %.0f steps/s", stepsPerSecond());
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int)c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

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

    /** One line for humans. */
    public String describe() {
        return "seed " + seed + ": " + (ok() ? "ok" : violations.size() + " VIOLATION(S)") + ", " + steps + " steps, " + simulatedMs + " ms simulated, "
            + proposals + " proposals, " + commits + " commits, " + delivered + " delivered, " + leaderChanges + " leader changes, "
            + snapshotsInstalled + " snapshots installed, " + readsServed + " reads, faults " + faults + ", traceHash " + traceHashHex()
            + String.format(", %.0f steps/s", stepsPerSecond());
    }
}

package io.replog.bench.cluster;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The load: keeps up to {@code inflight} commands sent and not yet acknowledged, refilling the
 * window as acknowledgements arrive, until every command of a round is acknowledged.
 * <p>
 * With nothing to send, the load thread waits as each system's client is meant to be used: a client
 * that must poll for its acknowledgements (Aeron Cluster's egress) polls with one idle strategy, spin,
 * yield, then park for at most 50 us (on 2 cores a busy-spinning load thread would take a core from the
 * nodes; parking longer would add its wake-up to such a client's latency); a system that acknowledges on
 * its own threads (replog's listener, Ratis's futures) wakes the load thread once an eighth of the
 * window is answered, and it sleeps until then.
 * Latency is stamped where the acknowledgement is recorded, so how the load thread waits changes only
 * how soon it refills the window, and how much CPU it leaves the nodes (spinning and yielding, the load
 * thread took 0.38 of a core at 1 in flight and 0.15 at 256; sleeping, 0.03-0.04).
 */
final class ClosedLoop {
    /** A round with no acknowledgement for this long has lost its leader or its client. */
    static final long STALL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final RunningCluster cluster;
    private final int inflight;
    private static final long LONGEST_SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final IdleStrategy idle = new BackoffIdleStrategy(100, 100, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MICROSECONDS.toNanos(50));

    ClosedLoop(RunningCluster cluster, int inflight) {
        this.cluster = cluster;
        this.inflight = inflight;
    }

    /** Runs one round to its end and returns its elapsed nanoseconds, first send to last acknowledgement. */
    long run(CommitTracker tracker) {
        int count = tracker.count();
        int sent = 0;
        int committed = 0;
        long startNs = System.nanoTime();
        long lastProgressNs = startNs;
        while (committed < count) {
            tracker.throwIfFailed();
            int work = 0;
            while (sent < count && sent - committed < inflight) {
                tracker.sent(sent, System.nanoTime());
                if (!cluster.trySend(sent, tracker)) {
                    break;
                }
                sent++;
                work++;
            }
            work += cluster.poll();
            int nowCommitted = tracker.committedCount();
            work += nowCommitted - committed;
            committed = nowCommitted;
            if (work > 0) {
                lastProgressNs = System.nanoTime();
            } else if (System.nanoTime() - lastProgressNs > STALL_TIMEOUT_NS) {
                throw new IllegalStateException("no command acknowledged for " +
                    TimeUnit.NANOSECONDS.toSeconds(STALL_TIMEOUT_NS) + " s (" + committed + " of " + count + ", " +
                    (sent - committed) + " in flight): the cluster lost its leader or the client its connection");
            }
            if (work == 0 && cluster.acknowledgesOnItsOwnThreads()) {
                // Woken when an eighth of the window is free (or all that is outstanding is answered): the window
                // is refilled in a few sends, not one wake-up per acknowledgement.
                tracker.awaitAcknowledgements(committed, Math.max(1, Math.min(inflight / 8, sent - committed)),
                    LONGEST_SLEEP_NS);
            } else {
                idle.idle(work);
            }
        }
        long elapsedNs = System.nanoTime() - startNs;
        tracker.throwIfFailed();
        return elapsedNs;
    }

    /** Runs rounds of {@code roundCount} commands until {@code durationNs} have passed; returns the commands sent. */
    long warmUp(long durationNs, int roundCount) {
        long deadlineNs = System.nanoTime() + durationNs;
        long commands = 0;
        while (System.nanoTime() - deadlineNs < 0) {
            run(new CommitTracker(roundCount));
            commands += roundCount;
        }
        return commands;
    }
}

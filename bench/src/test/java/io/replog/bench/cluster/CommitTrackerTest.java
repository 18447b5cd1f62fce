package io.replog.bench.cluster;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitTrackerTest {
    @Test
    void latencyIsFromSendToAcknowledgementOfEachCommand() throws Exception {
        CommitTracker tracker = new CommitTracker(2);
        long before = System.nanoTime();
        tracker.sent(0, before - 5_000_000);
        tracker.sent(1, before);
        tracker.committed(1);
        tracker.committed(0);

        Histogram latencies = tracker.latenciesNs();
        assertEquals(2, tracker.committedCount());
        assertEquals(2, latencies.getTotalCount());
        assertTrue(latencies.getMaxValue() >= 5_000_000, "command 0 waited at least 5 ms: " + latencies.getMaxValue());
    }

    @Test
    void aSecondAcknowledgementOfOneCommandFailsTheRound() {
        CommitTracker tracker = new CommitTracker(2);
        tracker.committed(0);
        tracker.committed(0);

        IllegalStateException failure = assertThrows(IllegalStateException.class, tracker::throwIfFailed);
        assertTrue(failure.getMessage().contains("duplicate"), failure.getMessage());
        assertEquals(1, tracker.committedCount());
    }

    @Test
    void theFirstFailureIsKept() {
        CommitTracker tracker = new CommitTracker(3);
        tracker.failed(2, new RuntimeException("not the leader"));
        tracker.failed(1, new RuntimeException("later"));

        IllegalStateException failure = assertThrows(IllegalStateException.class, tracker::throwIfFailed);
        assertTrue(failure.getMessage().contains("command 2") && failure.getMessage().contains("not the leader"),
            failure.getMessage());
    }
}

package io.replog.bench.cluster;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** The sleeps are 20 s long: one that ends sooner was ended by the acknowledgement or the failure. */
    @Test
    void anAcknowledgementOrAFailureWakesTheLoadThreadAndOneAlreadyRecordedKeepsItAwake() throws Exception {
        CommitTracker tracker = new CommitTracker(2);
        tracker.committed(0);
        long startNs = System.nanoTime();
        tracker.awaitAcknowledgements(0, 1, 20_000_000_000L); // the count moved past what the caller saw: no sleep
        assertTrue(System.nanoTime() - startNs < 10_000_000_000L);

        for (Runnable outcome : new Runnable[] {() -> tracker.committed(1),
            () -> tracker.failed(1, new RuntimeException("lost"))}) {
            java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
            int seen = tracker.committedCount();
            Thread load = new Thread(() -> {
                tracker.awaitAcknowledgements(seen, 1, 20_000_000_000L);
                woken.countDown();
            });
            load.start();
            while (load.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            outcome.run();
            assertTrue(woken.await(10, java.util.concurrent.TimeUnit.SECONDS), "the load thread slept on");
            load.join();
        }
    }

    @Test
    void theLoadThreadSleepsUntilAsManyAcknowledgementsAsItWaitsFor() throws Exception {
        CommitTracker tracker = new CommitTracker(3);
        java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
        Thread load = new Thread(() -> {
            tracker.awaitAcknowledgements(0, 2, 20_000_000_000L);
            woken.countDown();
        });
        load.start();
        while (load.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        tracker.committed(0);
        assertFalse(woken.await(200, java.util.concurrent.TimeUnit.MILLISECONDS), "woken by the first of two");
        tracker.committed(1);
        assertTrue(woken.await(10, java.util.concurrent.TimeUnit.SECONDS), "the second did not wake it");
        load.join();
    }
}

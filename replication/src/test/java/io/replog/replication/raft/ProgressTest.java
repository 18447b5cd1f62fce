package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    @Test
    void probeSendsOneAppendAtATime() {
        Progress pr = new Progress(5, 4, 0, false);
        assertFalse(pr.isPaused());
        pr.sentEntries(7, 3, 30);
        assertTrue(pr.isPaused(), "a probe waits for its answer");
        assertEquals(5, pr.nextIndex, "probing does not advance next optimistically");
    }

    @Test
    void replicatePipelinesUntilTheWindowIsFull() {
        Progress pr = new Progress(1, 2, 0, false);
        pr.becomeReplicate();
        pr.sentEntries(3, 3, 3);
        assertEquals(4, pr.nextIndex, "next advances optimistically");
        assertFalse(pr.isPaused());
        pr.sentEntries(5, 2, 2);
        assertTrue(pr.isPaused(), "two appends in flight fill a window of two");
        assertTrue(pr.maybeUpdate(3));
        pr.inflights.freeUpTo(3);
        assertFalse(pr.isPaused());
    }

    @Test
    void rejectionsFallBackToTheHintButNeverBelowTheMatch() {
        Progress pr = new Progress(11, 4, 0, false);
        pr.matchIndex = 3;
        assertTrue(pr.maybeDecreaseTo(10, 6));
        assertEquals(7, pr.nextIndex, "jumps to just after the hinted index");
        assertFalse(pr.maybeDecreaseTo(10, 2), "a rejection of an older probe is stale");
        assertTrue(pr.maybeDecreaseTo(6, 0));
        assertEquals(4, pr.nextIndex, "never below match + 1");
    }

    @Test
    void aStaleRejectionInReplicateIsIgnored() {
        Progress pr = new Progress(1, 4, 0, false);
        pr.maybeUpdate(8);
        pr.becomeReplicate();
        assertFalse(pr.maybeDecreaseTo(5, 0), "5 is below the match index: an old, reordered rejection");
        assertTrue(pr.maybeDecreaseTo(12, 0));
        assertEquals(9, pr.nextIndex);
    }

    @Test
    void snapshotStateWaitsAndResumesAfterTheSnapshot() {
        Progress pr = new Progress(1, 4, 0, false);
        pr.becomeSnapshot(new Snapshot(new SnapshotMeta(50, 1, Configuration.ofVoters(1)), 100, 7));
        assertTrue(pr.isPaused());
        pr.becomeProbe();
        assertEquals(51, pr.nextIndex, "after a snapshot the probe starts past it");
    }

    @Test
    void aSnapshotStreamProbesWithOneChunkThenFillsItsWindowAndGoesBackWhenRefused() {
        Progress pr = new Progress(1, 4, 0, false);
        pr.becomeSnapshot(new Snapshot(new SnapshotMeta(50, 1, Configuration.ofVoters(1)), 100, 7));
        assertTrue(pr.snapshotWindowOpen(30));
        pr.snapshotChunkSent(10);
        assertFalse(pr.snapshotWindowOpen(30), "one chunk until the follower says where it stands");
        pr.snapshotAnswered(40, false);
        assertEquals(40, pr.snapshotSentBytes, "the follower held 40 bytes already: resume there, not at 10");
        for (int i = 0; i < 3; i++) {
            assertTrue(pr.snapshotWindowOpen(30));
            pr.snapshotChunkSent(10);
        }
        assertFalse(pr.snapshotWindowOpen(30), "30 bytes in flight fill the window");
        pr.snapshotAnswered(50, false);
        assertTrue(pr.snapshotWindowOpen(30));
        pr.snapshotAnswered(45, false);
        assertEquals(50, pr.snapshotAckedBytes, "a reordered, older acknowledgement is ignored");
        pr.snapshotAnswered(50, true);
        assertEquals(50, pr.snapshotSentBytes, "refused: resend from the byte wanted");
        pr.snapshotAnswered(0, true);
        assertEquals(0, pr.snapshotAckedBytes, "the follower discarded its copy: start over");
        pr.snapshotChunkSent(10);
        pr.snapshotAnswered(10, false);
        pr.snapshotChunkSent(10);
        pr.snapshotHeartbeat();
        assertEquals(20, pr.snapshotSentBytes, "progress since the last heartbeat: nothing to resend");
        pr.snapshotHeartbeat();
        assertEquals(10, pr.snapshotSentBytes, "no acknowledgement for a heartbeat round: resend from the last one");
    }
}

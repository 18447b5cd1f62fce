package io.replog.examples.pb;

import io.replog.checker.PrimaryOrderChecker;
import io.replog.replication.pb.DeliveryListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryRecorderTest {
    private final DeliveryRecorder recorder = new DeliveryRecorder();

    private static void deliver(DeliveryListener listener, long index, long epoch, long counter) {
        byte[] delta = {(byte)index};
        listener.delivered(index, epoch, counter, new UnsafeBuffer(delta), 0, 1);
    }

    @Test
    void aReplicaThatLoadedASnapshotTakesItsPrefixFromTheOthersAndPassesTheChecker() {
        DeliveryListener a = recorder.listener("a");
        DeliveryListener b = recorder.listener("b");
        for (long i = 1; i <= 5; i++) {
            deliver(a, i, 1, i);
        }
        b.restored(3, 1, 3);
        deliver(b, 4, 1, 4);
        deliver(b, 5, 1, 5);
        assertEquals(List.of(), recorder.conflicts());
        assertEquals(5, recorder.deliveries().get("b").size());
        assertEquals(List.of(), new PrimaryOrderChecker().check(recorder.history(List.of())));
    }

    @Test
    void aSnapshotWhoseTagDisagreesWithTheDeliveriesIsAConflict() {
        DeliveryListener a = recorder.listener("a");
        DeliveryListener b = recorder.listener("b");
        deliver(a, 1, 1, 1);
        deliver(a, 2, 1, 2);
        b.restored(2, 1, 1);
        assertFalse(recorder.conflicts().isEmpty());
    }

    @Test
    void twoDeltasAtOneIndexAreAConflictAndAGapBreaksPrimaryOrder() {
        DeliveryListener a = recorder.listener("a");
        DeliveryListener b = recorder.listener("b");
        deliver(a, 1, 1, 1);
        deliver(b, 1, 2, 1);
        assertEquals(1, recorder.conflicts().size());

        DeliveryRecorder gap = new DeliveryRecorder();
        DeliveryListener c = gap.listener("c");
        deliver(c, 1, 1, 1);
        deliver(c, 2, 1, 3);
        assertFalse(new PrimaryOrderChecker().check(gap.history(List.of())).isEmpty());
    }

    @Test
    void theWrittenHistoryIsWhatReplogCheckPrimaryOrderReads(@TempDir Path directory) throws Exception {
        DeliveryListener a = recorder.listener("a");
        deliver(a, 1, 1, 1);
        Path file = directory.resolve("deliveries.jsonl");
        recorder.write(file, List.of(new io.replog.checker.Delta(1, 1)));
        var history = new io.replog.checker.DeliveryHistoryReader().read(file);
        assertEquals(1, history.deliveries().get("a").size());
        assertTrue(history.committed().containsKey(new io.replog.checker.Delta(1, 1)));
        assertTrue(Files.readString(file).contains("\"replica\":\"a\""));
    }
}

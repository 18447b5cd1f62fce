package io.replog.examples.pb;

import io.replog.replication.pb.PrimaryBackupService;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StampedCountersTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final StampedCounters primary = new StampedCounters(clock::get, new Random(42));

    private PrimaryBackupService.Execution execute(StampedCounters service, CounterRequest request) {
        byte[] bytes = request.encode();
        return service.execute(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static void apply(StampedCounters service, byte[] delta) {
        service.apply(new UnsafeBuffer(delta), 0, delta.length);
    }

    @Test
    void theDeltaCarriesThePrimarysClockAndRandomIdSoBackupsReachTheSameState() {
        StampedCounters backup = new StampedCounters(() -> 999_999, new Random(7));
        PrimaryBackupService.Execution first = execute(primary, CounterRequest.increment("c", 5));
        apply(primary, first.delta());
        apply(backup, first.delta());
        clock.set(2_000);
        PrimaryBackupService.Execution second = execute(primary, CounterRequest.increment("c", 2));
        apply(primary, second.delta());
        apply(backup, second.delta());

        Stamp answer = Stamp.decode(second.response());
        assertEquals(7, answer.value());
        assertEquals(2_000, answer.stampedAtMillis(), "the primary's clock, not the backup's");
        assertEquals(primary.counters(), backup.counters());
    }

    @Test
    void executingChangesNothingUntilTheDeltaIsApplied() {
        execute(primary, CounterRequest.increment("c", 1));
        assertNull(primary.counters().get("c"));
    }

    @Test
    void aReadAndARetriedRequestProduceNoDelta() {
        PrimaryBackupService.Execution first = execute(primary, CounterRequest.increment("c", 1).session(9, 1));
        apply(primary, first.delta());
        PrimaryBackupService.Execution retry = execute(primary, CounterRequest.increment("c", 1).session(9, 1));
        assertNull(retry.delta(), "a retry is answered from the session");
        assertEquals(Stamp.decode(first.response()), Stamp.decode(retry.response()));
        assertNull(execute(primary, CounterRequest.read("c")).delta());
        assertThrows(IllegalArgumentException.class,
            () -> execute(primary, CounterRequest.increment("c", 1).session(9, 0)), "older than the session's last");
    }

    @Test
    void aSnapshotRestoresCountersAndSessions() throws Exception {
        apply(primary, execute(primary, CounterRequest.increment("a", 3).session(4, 1)).delta());
        apply(primary, execute(primary, CounterRequest.increment("b", 1)).delta());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        primary.snapshot().writeTo(bytes);
        StampedCounters restored = new StampedCounters();
        restored.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(primary.counters(), restored.counters());
        assertNull(execute(restored, CounterRequest.increment("a", 3).session(4, 1)).delta(), "the session came along");
    }
}

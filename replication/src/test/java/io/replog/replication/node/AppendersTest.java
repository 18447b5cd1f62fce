package io.replog.replication.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The append buffer on its own (no node): back pressure, refusals, and every command answered as the node stops. */
class AppendersTest {
    /** What a listener heard, as "committed id@index" and "failed id: message". */
    private static final class Heard implements AppendListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onCommitted(long correlationId, long index, byte[] result) {
            events.add("committed " + correlationId + "@" + index);
        }

        @Override
        public void onFailed(long correlationId, RuntimeException cause) {
            events.add("failed " + correlationId + ": " + cause.getMessage());
        }
    }

    @Test
    void aFullBufferRefusesWithFalseAndTheNodeStoppingFailsEveryCommandTaken() {
        NodeCounters counters = new NodeCounters();
        Appenders appenders = new Appenders(7, 64 * 1024, counters);
        Heard heard = new Heard();
        Appender appender = new Appender(appenders, new NodeWakeup(), appenders.add(heard));
        UnsafeBuffer command = new UnsafeBuffer(new byte[appender.maxCommandLength()]);
        assertEquals(8 * 1024 - 8, appender.maxCommandLength(), "an eighth of the buffer, less the correlation id");

        int taken = 0;
        while (appender.tryAppend(command, 0, command.capacity(), taken)) {
            taken++;
        }
        assertTrue(taken >= 6 && taken < 8, taken + " commands of 8 KiB fit a 64 KiB buffer");
        assertTrue(heard.events.isEmpty(), "nothing is answered before the node reads the buffer");

        appenders.stop(new NotCommittedException("node 7 closed before the entry committed"));
        assertEquals(taken, heard.events.size(), "every command taken is answered as the node stops: " + heard.events);
        for (int i = 0; i < taken; i++) {
            assertEquals("failed " + i + ": node 7 closed before the entry committed", heard.events.get(i));
        }
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> appender.tryAppend(command, 0, 1, 99));
        assertEquals("node 7 is stopped", stopped.getMessage());
    }

    /** A writer that committed its record after the node's last read answers it itself. */
    @Test
    void aCommandCommittedAfterTheLastReadIsAnsweredByItsWriter() {
        Appenders appenders = new Appenders(3, 64 * 1024, new NodeCounters());
        Heard heard = new Heard();
        int id = appenders.add(heard);
        appenders.stop(new NotCommittedException("node 3 stopped: disk full"));
        // What Appender.tryAppend does, past its check that the node runs (the node stopped just after it).
        int at = appenders.buffer().tryClaim(id, 8 + 3);
        appenders.buffer().buffer().putLong(at, 42);
        appenders.buffer().commit(at);
        appenders.written();
        assertEquals(List.of("failed 42: node 3 stopped: disk full"), heard.events);
    }

    @Test
    void badCommandsAreRefusedWithWhatIsAccepted() {
        Appenders appenders = new Appenders(1, 64 * 1024, new NodeCounters());
        Appender appender = new Appender(appenders, new NodeWakeup(), appenders.add(new Heard()));
        UnsafeBuffer command = new UnsafeBuffer(new byte[10_000]);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> appender.tryAppend(command, 0, 0, 1));
        assertEquals("a command must be 1 to 8184 bytes (an eighth of the append buffer, less its header), got 0",
            empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> appender.tryAppend(command, 0, 8185, 1));
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
            () -> appender.tryAppend(command, 9_990, 20, 1));
        assertEquals("the command [9990, 9990 + 20) is not within its buffer of 10000 bytes", outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> appender.tryAppend(command, -1, 20, 1));
        // Nothing was left claimed: a good command after the bad ones is read, and is the only one.
        assertTrue(appender.tryAppend(command, 0, 20, 2));
        List<Long> read = new ArrayList<>();
        appenders.buffer().read((id, record, offset, length) -> read.add(record.getLong(offset)));
        assertEquals(List.of(2L), read);
        assertThrows(IllegalArgumentException.class, () -> new NodeConfig().appendBufferBytes(100_000));
        assertThrows(IllegalArgumentException.class, () -> new NodeConfig().appendBufferBytes(32 * 1024));
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersStillHear() {
        NodeCounters counters = new NodeCounters();
        Appenders appenders = new Appenders(1, 64 * 1024, counters);
        int throwing = appenders.add(new AppendListener() {
            @Override
            public void onCommitted(long correlationId, long index, byte[] result) {
                throw new IllegalStateException("application bug");
            }

            @Override
            public void onFailed(long correlationId, RuntimeException cause) {
                throw new IllegalStateException("application bug");
            }
        });
        Heard heard = new Heard();
        int listening = appenders.add(heard);
        appenders.committed(throwing, 1, 10, new byte[0]);
        appenders.failed(throwing, 2, new NotCommittedException("replaced"));
        appenders.committed(listening, 3, 11, new byte[0]);
        assertEquals(2, counters.listenerFailures());
        assertEquals(List.of("committed 3@11"), heard.events);
    }

    /** Pending appends by index: answered once, failed when another term's entry takes the index, grown as needed. */
    @Test
    void pendingAppendsAreAnsweredOnceByIndexAndTerm() {
        Appenders appenders = new Appenders(1, 64 * 1024, new NodeCounters());
        Heard heard = new Heard();
        int id = appenders.add(heard);
        PendingRequests pending = new PendingRequests(appenders);
        for (long index = 1; index <= 5000; index++) {
            pending.append(index, 2, id, index * 10); // a window wider than the first table: it grows
        }
        assertEquals(5000, pending.pendingAppends());
        pending.applied(1, 2, new byte[0]);
        pending.applied(1, 2, new byte[0]); // applied again (a restart replays): answered once only
        pending.applied(2, 3, new byte[0]); // another term's entry took index 2
        pending.replacedFrom(4000);
        pending.append(3, 4, id, 77); // index 3 proposed again in a later term: the earlier one cannot commit
        assertEquals("committed 10@1", heard.events.get(0));
        assertEquals("failed 20: another entry (term 3) was committed at index 2 after a leadership change",
            heard.events.get(1));
        assertEquals(2 + 1001 + 1, heard.events.size());
        assertTrue(heard.events.get(2).startsWith("failed 40000: the entry at index 4000 was replaced"), heard.events.get(2));
        assertEquals("failed 30: the entry at index 3 was replaced after a leadership change", heard.events.get(1003));
        assertEquals(5000 - 2 - 1001, pending.pendingAppends());

        pending.applied(3, 4, new byte[0]);
        assertEquals("committed 77@3", heard.events.get(heard.events.size() - 1));
        pending.failAll(new NotCommittedException("node 1 closed before the entry committed"));
        assertEquals(0, pending.pendingAppends());
        assertEquals(2 + 1001 + 1 + 1 + 3996, heard.events.size());
        assertEquals("failed 39990: node 1 closed before the entry committed", heard.events.get(heard.events.size() - 1));
        assertFalse(heard.events.stream().anyMatch(event -> event.startsWith("committed 30@")));
    }
}

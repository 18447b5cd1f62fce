package io.replog.replication.raft;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LogEntry}: heap entries and views of bytes kept elsewhere behave alike, and a view's copy outlives it. */
class LogEntryTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aViewEqualsTheHeapEntryWithTheSameBytes() {
        UnsafeBuffer kept = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        kept.putBytes(10, HELLO);
        LogEntry view = LogEntry.view(3, 2, kept, 10, HELLO.length);
        LogEntry heap = new LogEntry(3, 2, HELLO.clone());
        assertTrue(view.isView());
        assertFalse(heap.isView());
        assertEquals(heap, view);
        assertEquals(heap.hashCode(), view.hashCode());
        assertEquals("2/3 \"hello\"", view.toString());
        assertNotEquals(new LogEntry(3, 2, "hellO".getBytes(StandardCharsets.US_ASCII)), view);
        assertNotEquals(new LogEntry(3, 1, HELLO), view);
    }

    @Test
    void theHeapCopyOfAViewKeepsItsBytesWhenTheViewedOnesChange() {
        UnsafeBuffer kept = new UnsafeBuffer(new byte[16]);
        kept.putBytes(4, HELLO);
        LogEntry view = LogEntry.view(1, 1, kept, 4, HELLO.length);
        LogEntry copy = view.onHeap();
        kept.setMemory(0, 16, (byte)'x');
        assertArrayEquals(HELLO, copy.data());
        assertArrayEquals("xxxxx".getBytes(StandardCharsets.US_ASCII), view.data(), "a view shows what its host keeps now");
        assertEquals(copy, copy.onHeap());
    }

    @Test
    void payloadsAreWrappedAndCopiedWithoutArrays() {
        UnsafeBuffer kept = new UnsafeBuffer(new byte[16]);
        kept.putBytes(4, HELLO);
        UnsafeBuffer wrapped = new UnsafeBuffer(new byte[0]);
        LogEntry.view(1, 1, kept, 4, HELLO.length).wrapPayload(wrapped);
        assertEquals(HELLO.length, wrapped.capacity());
        assertEquals('h', wrapped.getByte(0));
        UnsafeBuffer destination = new UnsafeBuffer(new byte[8]);
        new LogEntry(1, 1, HELLO).copyPayloadTo(destination, 2);
        assertEquals('o', destination.getByte(6));
        assertEquals(0, LogEntry.view(2, 1, kept, 0, 0).sizeBytes());
        assertEquals("1/2 noop", LogEntry.view(2, 1, kept, 0, 0).toString());
    }
}

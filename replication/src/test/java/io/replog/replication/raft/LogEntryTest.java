package io.replog.replication.raft;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /** Views come back in the order they were handed out, each object standing for a new entry once released. */
    @Test
    void aViewRingRecyclesReleasedViewsAndMakesNewOnesWhenAllAreOut() {
        UnsafeBuffer kept = new UnsafeBuffer(new byte[64]);
        kept.putBytes(0, HELLO);
        LogEntry.ViewRing ring = new LogEntry.ViewRing(2);
        LogEntry first = ring.next(1, 1, kept, 0, 5);
        LogEntry second = ring.next(2, 1, kept, 1, 4);
        LogEntry third = ring.next(3, 1, kept, 2, 3);
        assertEquals(2, ring.position(), "the third came from outside the full ring");
        assertEquals(2, ring.outstanding());
        assertNotSame(first, third);
        assertNotSame(second, third);
        assertEquals(new LogEntry(3, 1, "llo".getBytes(StandardCharsets.US_ASCII)), third);

        ring.releaseTo(1);
        LogEntry fourth = ring.next(4, 2, kept, 0, 5);
        assertSame(first, fourth, "the released view stands for the next entry");
        assertEquals(new LogEntry(4, 2, HELLO), fourth);
        assertEquals(new LogEntry(2, 1, "ello".getBytes(StandardCharsets.US_ASCII)), second, "an unreleased view is untouched");

        ring.rewindTo(2); // the fourth was never given to anyone
        assertEquals(1, ring.outstanding());
        assertSame(first, ring.next(5, 2, kept, 0, 1), "a rewound view is handed out again");
        assertThrows(IllegalArgumentException.class, () -> ring.releaseTo(0), "released views stay released");
        assertThrows(IllegalArgumentException.class, () -> ring.releaseTo(ring.position() + 1));
        assertThrows(IllegalArgumentException.class, () -> ring.rewindTo(0));
        assertThrows(IllegalArgumentException.class, () -> ring.next(0, 1, kept, 0, 1));
        assertEquals(0, ring.next(6, 2, kept, 0, 0).sizeBytes(), "an empty payload is a no-op of its own");
        assertThrows(IllegalArgumentException.class, () -> new LogEntry.ViewRing(0));
    }
}

package io.replog.replication.raft;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InflightsTest {
    @Test
    void windowFillsByCountAndFreesInOrderAcrossTheRingEdge() {
        Inflights inflights = new Inflights(3, 0);
        inflights.add(10, 1);
        inflights.add(11, 1);
        inflights.add(12, 1);
        assertTrue(inflights.full());
        assertThrows(IllegalStateException.class, () -> inflights.add(13, 1));
        inflights.freeUpTo(11);
        assertEquals(1, inflights.count());
        inflights.add(13, 1);
        inflights.add(14, 1);
        assertTrue(inflights.full());
        inflights.freeUpTo(13);
        assertEquals(1, inflights.count());
        assertEquals(1, inflights.bytes());
    }

    @Test
    void windowFillsByBytes() {
        Inflights inflights = new Inflights(100, 1000);
        inflights.add(1, 600);
        assertFalse(inflights.full());
        inflights.add(2, 400);
        assertTrue(inflights.full(), "1000 bytes in flight reach the 1000-byte limit");
        inflights.freeUpTo(1);
        assertFalse(inflights.full());
        assertEquals(400, inflights.bytes());
    }

    @Test
    void freeFirstReleasesTheOldestSlot() {
        Inflights inflights = new Inflights(2, 0);
        inflights.add(5, 3);
        inflights.add(9, 4);
        inflights.freeFirst();
        assertEquals(1, inflights.count());
        assertEquals(4, inflights.bytes());
    }
}

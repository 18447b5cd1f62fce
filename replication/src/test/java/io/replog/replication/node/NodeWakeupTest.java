package io.replog.replication.node;

import io.replog.replication.transport.DatagramReadiness;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeWakeupTest {
    /** The sleep is 20 s long: a thread that ends sooner was woken. */
    @Test
    void theLogsDurableIndexWakesANodeThreadThatSleepsUntilADatagram() throws Exception {
        try (DatagramReadiness readiness = new DatagramReadiness()) {
            NodeWakeup wakeup = new NodeWakeup();
            wakeup.readiness(readiness);
            CountDownLatch done = new CountDownLatch(1);
            Thread node = new Thread(() -> {
                readiness.await(20_000);
                done.countDown();
            });
            wakeup.nodeThread(node);
            node.start();
            wakeup.accept(1);
            assertTrue(done.await(15, TimeUnit.SECONDS), "the node's thread slept on");
            node.join();
        }
    }

    /**
     * An idle duty cycle sleeps on the transport's readiness, not in a park: given a 20 s sleep, it is still asleep
     * 200 ms later, and a wakeup ends it. Without a readiness the node parks (at most 200 us) and comes back alone.
     */
    @Test
    void anIdleNodeSleepsOnDatagramsWhenItsTransportCanAndParksOtherwise() throws Exception {
        try (DatagramReadiness readiness = new DatagramReadiness()) {
            NodeWakeup wakeup = new NodeWakeup();
            wakeup.readiness(readiness);
            NodeIdleStrategy idle = new NodeIdleStrategy(readiness, 20_000);
            assertEquals("node-datagram-wait", idle.alias());
            CountDownLatch done = new CountDownLatch(1);
            Thread node = new Thread(() -> {
                idle.idle(0);
                done.countDown();
            });
            node.start();
            assertFalse(done.await(200, TimeUnit.MILLISECONDS), "an idle cycle came back without a datagram or a wakeup");
            wakeup.wake();
            assertTrue(done.await(15, TimeUnit.SECONDS), "the wakeup did not end the sleep");
            node.join();
        }
        NodeIdleStrategy parking = new NodeIdleStrategy(null);
        assertEquals("node-backoff", parking.alias());
        for (int i = 0; i < 100; i++) {
            parking.idle(0);
        }
    }
}

package io.replog.replication.node;

import io.replog.replication.transport.DatagramReadiness;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void aNodeSleepsOnDatagramsWhenItsTransportCanAndParksOtherwise() {
        try (DatagramReadiness readiness = new DatagramReadiness()) {
            assertEquals("node-datagram-wait", new NodeIdleStrategy(readiness).alias());
        }
        assertEquals("node-backoff", new NodeIdleStrategy(null).alias());
    }
}

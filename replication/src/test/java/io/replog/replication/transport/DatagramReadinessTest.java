package io.replog.replication.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread that runs its transport's driver sleeps until a datagram reaches one of the driver's sockets
 * or it is woken. Every wait here is 20 s long: one that returns sooner was ended by what the test did.
 */
class DatagramReadinessTest {
    private static final long LONG_WAIT_MS = 20_000;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private AeronTransport start(int self, int[] ports, boolean driverOnCallerThread) {
        TransportConfig config = new TransportConfig().clusterId(7).selfId(self).termLengthBytes(64 * 1024)
            .driverOnCallerThread(driverOnCallerThread);
        for (int i = 0; i < ports.length; i++) {
            config.member(i + 1, "127.0.0.1:" + ports[i]);
        }
        AeronTransport transport = new AeronTransport(config);
        closeables.add(transport);
        return transport;
    }

    /** Runs {@code wait} on a new thread and returns how long it took, failing if it took the whole wait. */
    private static long timed(Runnable wait, Runnable meanwhile) throws InterruptedException {
        AtomicLong tookNs = new AtomicLong(-1);
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            started.countDown();
            long startNs = System.nanoTime();
            wait.run();
            tookNs.set(System.nanoTime() - startNs);
        });
        waiter.start();
        started.await();
        while (waiter.isAlive()) {
            meanwhile.run();
            waiter.join(1);
        }
        assertTrue(tookNs.get() >= 0);
        assertTrue(tookNs.get() < TimeUnit.MILLISECONDS.toNanos(LONG_WAIT_MS),
            "the wait was not ended: it took " + TimeUnit.NANOSECONDS.toMillis(tookNs.get()) + " ms");
        return tookNs.get();
    }

    @Test
    void aMessageForTheTransportEndsTheWaitOfTheThreadThatPollsIt() throws Exception {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next()};
        AeronTransport one = start(1, ports, true);
        AeronTransport two = start(2, ports, true);
        List<String> received = new ArrayList<>();
        MessageHandler handler = (sender, type, buffer, offset, length) ->
            received.add(buffer.getStringWithoutLengthUtf8(offset, length));
        for (int i = 0; i < 20_000 && !one.isConnected(2); i++) {
            one.poll(handler, 10);
            two.poll(handler, 10);
            Thread.sleep(1);
        }
        assertTrue(one.isConnected(2));
        UnsafeBuffer message = new UnsafeBuffer("woken".getBytes(StandardCharsets.UTF_8));
        assertTrue(one.send(2, 3, message, 0, message.capacity()));
        // Member 1's driver sends when member 1 polls; member 2's thread sleeps until the datagram is there.
        timed(() -> two.readiness().await(LONG_WAIT_MS), () -> one.poll(handler, 10));
        for (int i = 0; i < 20_000 && received.isEmpty(); i++) {
            one.poll(handler, 10);
            two.poll(handler, 10);
            Thread.sleep(1);
        }
        assertEquals(List.of("woken"), received);
    }

    @Test
    void aWakeEndsAWaitInProgressAndOneNotYetBegun() throws Exception {
        try (DatagramReadiness readiness = new DatagramReadiness()) {
            readiness.wake();
            timed(() -> readiness.await(LONG_WAIT_MS), () -> { });
            timed(() -> readiness.await(LONG_WAIT_MS), readiness::wake);
        }
    }

    @Test
    void onlyATransportThatRunsItsDriverOnThePollingThreadCanSleepOnDatagrams() {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next()};
        AeronTransport invoking = start(1, ports, true);
        assertNotNull(invoking.readiness());
        assertSame(invoking.readiness(), new FaultInjectingTransport(1, invoking, new LinkFaults()).readiness());
        AeronTransport ownThreads = start(2, ports, false);
        assertNull(ownThreads.readiness());
        assertNull(new FaultInjectingTransport(2, ownThreads, new LinkFaults()).readiness());
    }
}

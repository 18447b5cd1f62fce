package io.replog.replication.transport;

import io.aeron.Aeron;
import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AeronTransportTest {
    private static final int CLUSTER = 42;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private record Received(int sender, int type, String text) {
    }

    private AeronTransport start(int self, int[] ports, int clusterId) {
        return start(self, ports, clusterId, true);
    }

    /** @param driverOnCallerThread false for a transport whose driver another Aeron client attaches to. */
    private AeronTransport start(int self, int[] ports, int clusterId, boolean driverOnCallerThread) {
        return start(self, ports, clusterId, driverOnCallerThread, 0);
    }

    private AeronTransport start(int self, int[] ports, int clusterId, boolean driverOnCallerThread, int mtuBytes) {
        TransportConfig config = new TransportConfig().clusterId(clusterId).selfId(self).termLengthBytes(64 * 1024)
            .driverOnCallerThread(driverOnCallerThread).mtuBytes(mtuBytes);
        for (int i = 0; i < ports.length; i++) {
            config.member(i + 1, "127.0.0.1:" + ports[i]);
        }
        AeronTransport transport = new AeronTransport(config);
        closeables.add(transport);
        return transport;
    }

    private static void await(BooleanSupplier condition, Runnable work, String what) throws InterruptedException {
        for (int i = 0; i < 20_000 && !condition.getAsBoolean(); i++) {
            work.run();
            Thread.sleep(1);
        }
        assertTrue(condition.getAsBoolean(), "timed out waiting for " + what);
    }

    /**
     * Polls both transports, text messages into {@code received}: each driver runs in its transport's poll
     * (driverOnCallerThread), so both are polled while waiting.
     */
    private static Runnable pollBoth(AeronTransport one, AeronTransport two, List<Received> received) {
        MessageHandler handler = (sender, type, buffer, offset, length) ->
            received.add(new Received(sender, type, buffer.getStringWithoutLengthUtf8(offset, length)));
        return () -> {
            one.poll(handler, 10);
            two.poll(handler, 10);
        };
    }

    private static UnsafeBuffer text(String s) {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void membersExchangeMessagesInTwoPartsAndOrder() throws Exception {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next()};
        AeronTransport one = start(1, ports, CLUSTER);
        AeronTransport two = start(2, ports, CLUSTER);
        List<Received> received = new ArrayList<>();
        Runnable pollBoth = pollBoth(one, two, received);
        await(() -> one.isConnected(2), pollBoth, "member 1 to connect to member 2");
        for (int i = 0; i < 100; i++) {
            UnsafeBuffer head = text("head-" + i + "|");
            UnsafeBuffer body = text("body-" + i);
            while (!one.send(2, 7, head, 0, head.capacity(), body, 0, body.capacity())) {
                pollBoth.run();
            }
        }
        await(() -> received.size() == 100, pollBoth, "100 messages");
        for (int i = 0; i < 100; i++) {
            assertEquals(new Received(1, 7, "head-" + i + "|body-" + i), received.get(i));
        }
        assertEquals(100, two.counters().received());
        assertEquals(100, one.counters().sent());
    }

    @Test
    void theMtuAskedForIsThePublicationsAndAMessageLargerThanTheDefaultArrivesWhole() throws Exception {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next()};
        AeronTransport one = start(1, ports, CLUSTER, true, 8192);
        AeronTransport two = start(2, ports, CLUSTER);
        assertEquals(8192, one.mtuBytes(2));
        assertEquals(1408, two.mtuBytes(1), "Aeron's default when none is asked for");
        List<Received> received = new ArrayList<>();
        Runnable pollBoth = pollBoth(one, two, received);
        await(() -> one.isConnected(2), pollBoth, "member 1 to connect to member 2");
        String large = "x".repeat(6000);
        UnsafeBuffer body = text(large);
        while (!one.send(2, 3, body, 0, body.capacity())) {
            pollBoth.run();
        }
        await(() -> received.size() == 1, pollBoth, "the large message");
        assertEquals(new Received(1, 3, large), received.get(0));
    }

    @Test
    void aDriverOfAddressesOnlyHasNoResolverThreadAndOneOfNamesHasOne() {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next()};
        assertFalse(start(1, ports, CLUSTER).driverHasExecutorThread(), "nothing to resolve: no thread");
        TransportConfig named = new TransportConfig().clusterId(CLUSTER).selfId(1).termLengthBytes(64 * 1024)
            .member(1, "localhost:" + LoopbackPorts.next()).member(2, "127.0.0.1:" + LoopbackPorts.next());
        AeronTransport transport = new AeronTransport(named);
        closeables.add(transport);
        assertTrue(transport.driverHasExecutorThread(), "a name to resolve keeps the driver's resolver thread");
        assertTrue(AeronTransport.onlyAddresses(new TransportConfig().member(1, "10.0.0.1:1").member(2, "[::1]:2")));
        assertFalse(AeronTransport.onlyAddresses(new TransportConfig().member(1, "10.0.0.1:1").member(2, "db-2:2")));
    }

    @Test
    void anMtuAeronWouldRefuseIsRefusedWithWhatIsAccepted() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new TransportConfig().mtuBytes(1000));
        assertTrue(refused.getMessage().contains("multiple of 32"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransportConfig().mtuBytes(65536));
    }

    @Test
    void framesFromStrangersAreCountedAndIgnored() throws Exception {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next(), LoopbackPorts.next()};
        AeronTransport two = start(2, ports, CLUSTER);
        // A node of another cluster that happens to know member 2's endpoint; its driver has a thread of its
        // own, because a plain Aeron client attaches to it below.
        AeronTransport foreign = start(1, ports, CLUSTER + 1, false);
        List<Received> received = new ArrayList<>();
        MessageHandler handler = (sender, type, buffer, offset, length) -> received.add(new Received(sender, type, ""));
        await(() -> foreign.isConnected(2), () -> two.poll(handler, 10), "the foreign node to connect");
        UnsafeBuffer hello = text("hello");
        await(() -> foreign.send(2, 1, hello, 0, hello.capacity()), () -> two.poll(handler, 10), "a send to succeed");
        await(() -> two.counters().droppedForeignCluster() >= 1, () -> two.poll(handler, 10), "the foreign frame");

        // Raw frames through a plain Aeron publication: garbage, an unknown version, a non-member.
        Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(
            new TransportConfig().clusterId(CLUSTER + 1).selfId(1).aeronDirectory()));
        closeables.add(aeron);
        Publication raw = aeron.addPublication("aeron:udp?endpoint=127.0.0.1:" + ports[1] + "|term-length=65536",
            TransportConfig.DEFAULT_STREAM_ID);
        closeables.add(raw);
        await(raw::isConnected, () -> two.poll(handler, 10), "the raw publication to connect");
        UnsafeBuffer frame = new UnsafeBuffer(new byte[EnvelopeDescriptor.HEADER_LENGTH + 4]);
        offer(raw, new UnsafeBuffer(new byte[] {1, 2, 3}));
        frame.putInt(EnvelopeDescriptor.MAGIC_OFFSET, EnvelopeDescriptor.MAGIC);
        frame.putInt(EnvelopeDescriptor.CLUSTER_ID_OFFSET, CLUSTER);
        frame.putInt(EnvelopeDescriptor.SENDER_ID_OFFSET, 3);
        frame.putShort(EnvelopeDescriptor.VERSION_OFFSET, (short)99);
        offer(raw, frame);
        frame.putShort(EnvelopeDescriptor.VERSION_OFFSET, EnvelopeDescriptor.FORMAT_VERSION);
        frame.putInt(EnvelopeDescriptor.SENDER_ID_OFFSET, 17);
        offer(raw, frame);
        frame.putInt(EnvelopeDescriptor.SENDER_ID_OFFSET, 2);
        offer(raw, frame);
        await(() -> two.counters().droppedMalformed() == 1 && two.counters().droppedUnknownVersion() == 1 &&
                two.counters().droppedNonMember() == 2, () -> two.poll(handler, 10), "the raw frames: " + two.counters());

        // A member's message the handler cannot decode is counted, and polling carries on.
        frame.putInt(EnvelopeDescriptor.SENDER_ID_OFFSET, 3);
        offer(raw, frame);
        MessageHandler failing = (sender, type, buffer, offset, length) -> {
            throw new IndexOutOfBoundsException("truncated message");
        };
        await(() -> two.counters().droppedMalformed() == 2, () -> two.poll(failing, 10), "the undecodable frame");
        assertTrue(received.isEmpty(), "no stranger's frame may reach the handler: " + received);
    }

    private static void offer(Publication publication, UnsafeBuffer buffer) throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            if (publication.offer(buffer) > 0) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("could not offer a raw frame");
    }

    @Test
    void sendingToADownPeerDropsInsteadOfQueueing() throws Exception {
        int[] ports = {LoopbackPorts.next(), LoopbackPorts.next()};
        AeronTransport one = start(1, ports, CLUSTER);
        UnsafeBuffer hello = text("hello");
        assertFalse(one.send(2, 1, hello, 0, hello.capacity()));
        assertEquals(1, one.counters().droppedNotConnected());
        UnsafeBuffer huge = new UnsafeBuffer(new byte[one.maxMessageLengthBytes() + 1]);
        assertFalse(one.send(2, 1, huge, 0, huge.capacity()));
        assertEquals(1, one.counters().droppedOversized());
        assertThrows(IllegalArgumentException.class, () -> one.send(9, 1, hello, 0, 5));
    }

    @Test
    void aBadConfigurationSaysWhatIsWrong() {
        IllegalArgumentException noSelf = assertThrows(IllegalArgumentException.class,
            () -> new AeronTransport(new TransportConfig().selfId(4).member(1, "127.0.0.1:9000")));
        assertTrue(noSelf.getMessage().contains("member 4"), noSelf.getMessage());
        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
            () -> new AeronTransport(new TransportConfig().selfId(1).member(1, "127.0.0.1:99999")));
        assertTrue(badPort.getMessage().contains("no valid port"), badPort.getMessage());
    }
}

package io.replog.replication.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.protocol.DataHeaderFlyweight;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.replog.replication.transport.EnvelopeDescriptor.CLUSTER_ID_OFFSET;
import static io.replog.replication.transport.EnvelopeDescriptor.HEADER_LENGTH;
import static io.replog.replication.transport.EnvelopeDescriptor.MAGIC;
import static io.replog.replication.transport.EnvelopeDescriptor.MAGIC_OFFSET;
import static io.replog.replication.transport.EnvelopeDescriptor.SENDER_ID_OFFSET;
import static io.replog.replication.transport.EnvelopeDescriptor.TYPE_OFFSET;
import static io.replog.replication.transport.EnvelopeDescriptor.VERSION_OFFSET;

/**
 * {@link Transport} over Aeron UDP: one subscription on this node's endpoint, one exclusive
 * publication per peer, and (by default) an embedded media driver whose directory is deleted when
 * the transport starts and when it closes. By default the driver runs in the caller's duty cycle
 * ({@link TransportConfig#driverOnCallerThread()}); otherwise on one shared thread with a backoff idle
 * strategy: on a small machine busy-spinning threads starve each other.
 * <p>
 * Single-threaded: {@link #send} and {@link #poll} are called from the node's duty-cycle thread.
 */
public final class AeronTransport implements Transport {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private final TransportConfig config;
    private final MediaDriver driver;
    private final Aeron aeron;
    /** The driver's and the client conductor's duty cycles, run by {@link #poll}; null when they have threads. */
    private final AgentInvoker driverInvoker;
    private final AgentInvoker conductorInvoker;
    private final Subscription subscription;
    private final Int2ObjectHashMap<ExclusivePublication> publications = new Int2ObjectHashMap<>();
    private final TransportCounters counters = new TransportCounters();
    private final UnsafeBuffer envelope = new UnsafeBuffer(new byte[HEADER_LENGTH * 2]);
    private final UnsafeBuffer emptyHead;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final int maxMessageLengthBytes;
    private final DatagramReadiness readiness;
    private MessageHandler handler;

    public AeronTransport(TransportConfig config) {
        config.validate();
        this.config = config;
        MediaDriver launched = null;
        Aeron connected = null;
        DatagramReadiness watching = config.embeddedDriver() && config.driverOnCallerThread() ? new DatagramReadiness() : null;
        try {
            if (config.embeddedDriver()) {
                MediaDriver.Context driverContext = driverContext(config);
                if (watching != null) {
                    watching.watch(driverContext);
                }
                launched = MediaDriver.launch(driverContext);
            }
            boolean invoked = launched != null && config.driverOnCallerThread();
            Aeron.Context client = new Aeron.Context().aeronDirectoryName(config.aeronDirectory())
                .idleStrategy(new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1)));
            if (invoked) {
                // While the constructor waits for the driver's answers, it runs the driver itself.
                client.useConductorAgentInvoker(true).driverAgentInvoker(launched.sharedAgentInvoker());
            }
            connected = Aeron.connect(client);
            this.driver = launched;
            this.aeron = connected;
            this.readiness = watching;
            this.driverInvoker = invoked ? launched.sharedAgentInvoker() : null;
            this.conductorInvoker = invoked ? connected.conductorAgentInvoker() : null;
            this.subscription = aeron.addSubscription(channel(config.endpoints().get(config.selfId())),
                config.streamId());
            for (Map.Entry<Integer, String> member : config.endpoints().entrySet()) {
                if (member.getKey() != config.selfId()) {
                    publications.put(member.getKey(), aeron.addExclusivePublication(channel(member.getValue()) +
                        "|term-length=" + config.termLengthBytes() +
                        (config.mtuBytes() == 0 ? "" : "|mtu=" + config.mtuBytes()), config.streamId()));
                }
            }
        } catch (RuntimeException e) {
            CloseHelper.quietCloseAll(connected, launched, watching);
            throw new IllegalStateException("cannot start the Aeron transport of member " + config.selfId() + " on " +
                config.endpoints().get(config.selfId()) + " (Aeron directory " + config.aeronDirectory() + "): " +
                e.getMessage(), e);
        }
        this.maxMessageLengthBytes = publications.isEmpty() ? config.termLengthBytes() / 8 - HEADER_LENGTH :
            publications.values().iterator().next().maxMessageLength() - HEADER_LENGTH;
        this.emptyHead = new UnsafeBuffer(new byte[0]);
    }

    private static MediaDriver.Context driverContext(TransportConfig config) {
        return new MediaDriver.Context()
            .aeronDirectoryName(config.aeronDirectory())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(config.driverOnCallerThread() ? ThreadingMode.INVOKER : ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1)))
            .publicationTermBufferLength(config.termLengthBytes())
            .ipcTermBufferLength(64 * 1024)
            .termBufferSparseFile(true)
            // The executor is a thread for resolving host names; with only IP addresses there are none to resolve.
            // Without it the driver's conductor runs such tasks itself, here in the node's duty cycle: a slow DNS
            // lookup there would stall the node, so names keep the thread. (3 threads fewer on a 3-node machine:
            // 3-5% more commits at 256 in flight, bench cluster A/B.)
            .asyncExecutorEnabled(!(config.driverOnCallerThread() && onlyAddresses(config)))
            .spiesSimulateConnection(false);
    }

    /** Whether every endpoint's host is an IP address (nothing for the driver to resolve). */
    static boolean onlyAddresses(TransportConfig config) {
        for (String endpoint : config.endpoints().values()) {
            String host = endpoint.substring(0, Math.max(0, endpoint.lastIndexOf(':')));
            if (!(host.startsWith("[") || IPV4.matcher(host).matches())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the embedded driver resolves names on an executor thread of its own (see {@link #driverContext}). */
    boolean driverHasExecutorThread() {
        return driver != null && driver.context().asyncExecutorEnabled();
    }

    private static String channel(String endpoint) {
        return "aeron:udp?endpoint=" + endpoint;
    }

    @Override
    public boolean send(int peerId, int messageType, DirectBuffer message, int offset, int length) {
        // As the body: the envelope goes with it in one offer, and the message is copied once, into the term buffer.
        return send(peerId, messageType, emptyHead, 0, 0, message, offset, length);
    }

    @Override
    public boolean send(int peerId, int messageType, DirectBuffer head, int headOffset, int headLength,
                        DirectBuffer body, int bodyOffset, int bodyLength) {
        ExclusivePublication publication = publications.get(peerId);
        if (publication == null) {
            throw new IllegalArgumentException("member " + peerId + " is not a peer of member " + config.selfId());
        }
        if (headLength + bodyLength > maxMessageLengthBytes) {
            counters.droppedOversized++;
            return false;
        }
        // The envelope and the head share one scratch buffer, so two parts suffice on the wire.
        int envelopeLength = HEADER_LENGTH + headLength;
        if (envelope.capacity() < envelopeLength) {
            envelope.wrap(new byte[Math.max(envelopeLength, envelope.capacity() * 2)]);
        }
        envelope.putInt(MAGIC_OFFSET, MAGIC);
        envelope.putInt(CLUSTER_ID_OFFSET, config.clusterId());
        envelope.putInt(SENDER_ID_OFFSET, config.selfId());
        envelope.putShort(VERSION_OFFSET, EnvelopeDescriptor.FORMAT_VERSION);
        envelope.putShort(TYPE_OFFSET, (short)messageType);
        envelope.putBytes(HEADER_LENGTH, head, headOffset, headLength);
        for (int attempt = 0; attempt < config.sendAttempts(); attempt++) {
            long result = publication.offer(envelope, 0, envelopeLength, body, bodyOffset, bodyLength);
            if (result > 0) {
                counters.sent++;
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED) {
                counters.droppedNotConnected++;
                return false;
            }
            Thread.onSpinWait();
        }
        counters.droppedBackPressured++;
        return false;
    }

    @Override
    public int poll(MessageHandler handler, int fragmentLimit) {
        this.handler = handler;
        int work = 0;
        if (driverInvoker != null) {
            // Sends what the last duty cycle published and reads what arrived, then hands it over.
            work += driverInvoker.invoke();
            work += conductorInvoker.invoke();
        }
        return work + subscription.poll(assembler, fragmentLimit);
    }

    /** Checks the envelope; never lets an exception escape into Aeron's poll loop. */
    private void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        if (length < HEADER_LENGTH) {
            counters.droppedMalformed++;
            return;
        }
        if (buffer.getInt(offset + MAGIC_OFFSET) != MAGIC ||
            buffer.getInt(offset + CLUSTER_ID_OFFSET) != config.clusterId()) {
            counters.droppedForeignCluster++;
            return;
        }
        int senderId = buffer.getInt(offset + SENDER_ID_OFFSET);
        if (senderId == config.selfId() || !publications.containsKey(senderId)) {
            counters.droppedNonMember++;
            return;
        }
        if (buffer.getShort(offset + VERSION_OFFSET) != EnvelopeDescriptor.FORMAT_VERSION) {
            counters.droppedUnknownVersion++;
            return;
        }
        counters.received++;
        try {
            handler.onMessage(senderId, buffer.getShort(offset + TYPE_OFFSET), buffer, offset + HEADER_LENGTH,
                length - HEADER_LENGTH);
        } catch (RuntimeException e) {
            counters.droppedMalformed++;
        }
    }

    /** The MTU of the publication to {@code peerId}, as Aeron set it up. */
    public int mtuBytes(int peerId) {
        ExclusivePublication publication = publications.get(peerId);
        if (publication == null) {
            throw new IllegalArgumentException("member " + peerId + " is not a peer of member " + config.selfId());
        }
        return publication.maxPayloadLength() + DataHeaderFlyweight.HEADER_LENGTH;
    }

    @Override
    public int maxMessageLengthBytes() {
        return maxMessageLengthBytes;
    }

    @Override
    public TransportCounters counters() {
        return counters;
    }

    /** Whether the publication to a peer has a connected subscriber (the peer is up and reachable). */
    public boolean isConnected(int peerId) {
        ExclusivePublication publication = publications.get(peerId);
        return publication != null && publication.isConnected();
    }

    @Override
    public void close() {
        CloseHelper.quietCloseAll(publications.values());
        CloseHelper.quietCloseAll(subscription, aeron, driver, readiness);
    }

    /** Present when this transport runs its embedded driver on the polling thread (the default). */
    @Override
    public DatagramReadiness readiness() {
        return readiness;
    }
}

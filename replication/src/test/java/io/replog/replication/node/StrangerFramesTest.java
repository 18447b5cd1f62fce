package io.replog.replication.node;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.replog.replication.transport.EnvelopeDescriptor;
import io.replog.replication.transport.TransportConfig;
import io.replog.replication.transport.TransportCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames from strangers sent straight to a node's UDP endpoint through a separate Aeron publication:
 * another cluster, a non-member, an unknown format version, garbage, and a member's envelope around a
 * message that does not decode. Each is counted by the node's transport and ignored, and the cluster
 * goes on committing.
 */
class StrangerFramesTest {
    @TempDir
    Path directory;
    private LocalCluster cluster;
    private Aeron aeron;

    @AfterEach
    void stop() {
        CloseHelper.quietClose(aeron);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void strangersAreCountedAndIgnoredWhileTheClusterKeepsCommitting() throws Exception {
        cluster = new LocalCluster(directory, 3, config -> { });
        cluster.startAll();
        List<LocalCluster.Acked> acked = new ArrayList<>(cluster.append("before", 50));
        int target = cluster.awaitLeader().id();
        TransportCounters counters = cluster.node(target).transportCounters();
        long foreign = counters.droppedForeignCluster();
        long nonMember = counters.droppedNonMember();
        long unknownVersion = counters.droppedUnknownVersion();
        long malformed = counters.droppedMalformed();

        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.aeronDirectory()));
        Publication raw = aeron.addPublication("aeron:udp?endpoint=" + cluster.endpoint(target) + "|term-length=65536",
            TransportConfig.DEFAULT_STREAM_ID);
        LocalCluster.await(raw::isConnected, "the stranger's publication to connect");
        int peer = cluster.members().stream().filter(id -> id != target).findFirst().orElseThrow();

        offer(raw, envelope(LocalCluster.CLUSTER_ID + 1, peer, EnvelopeDescriptor.FORMAT_VERSION, 8));   // another cluster
        offer(raw, envelope(LocalCluster.CLUSTER_ID, 17, EnvelopeDescriptor.FORMAT_VERSION, 8));        // not a member
        offer(raw, envelope(LocalCluster.CLUSTER_ID, target, EnvelopeDescriptor.FORMAT_VERSION, 8));    // claims to be the node itself
        offer(raw, envelope(LocalCluster.CLUSTER_ID, peer, (short)99, 8));                              // unknown version
        offer(raw, new UnsafeBuffer(new byte[] {1, 2, 3}));                                             // garbage
        UnsafeBuffer undecodable = envelope(LocalCluster.CLUSTER_ID, peer, EnvelopeDescriptor.FORMAT_VERSION, 64);
        for (int i = EnvelopeDescriptor.HEADER_LENGTH; i < undecodable.capacity(); i++) {
            undecodable.putByte(i, (byte)(31 * i));
        }
        offer(raw, undecodable);                                                     // a member's envelope, no Raft message in it
        LocalCluster.await(() -> counters.droppedForeignCluster() >= foreign + 1 && counters.droppedNonMember() >= nonMember + 2 &&
                counters.droppedUnknownVersion() >= unknownVersion + 1 && counters.droppedMalformed() >= malformed + 2,
            () -> "every stranger's frame to be counted: " + counters);

        acked.addAll(cluster.append("after", 50));
        cluster.checkAcknowledged(acked);
        assertTrue(cluster.node(target).isRunning(), "the node that got the strangers' frames still runs");
    }

    private static UnsafeBuffer envelope(int clusterId, int senderId, short version, int messageBytes) {
        UnsafeBuffer frame = new UnsafeBuffer(new byte[EnvelopeDescriptor.HEADER_LENGTH + messageBytes]);
        frame.putInt(EnvelopeDescriptor.MAGIC_OFFSET, EnvelopeDescriptor.MAGIC);
        frame.putInt(EnvelopeDescriptor.CLUSTER_ID_OFFSET, clusterId);
        frame.putInt(EnvelopeDescriptor.SENDER_ID_OFFSET, senderId);
        frame.putShort(EnvelopeDescriptor.VERSION_OFFSET, version);
        frame.putShort(EnvelopeDescriptor.TYPE_OFFSET, (short)1);
        return frame;
    }

    private static void offer(Publication publication, UnsafeBuffer frame) throws InterruptedException {
        LocalCluster.await(() -> publication.offer(frame) > 0, "a raw frame to be accepted by the publication");
    }
}

package io.replog.replication.node;

import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.MessageType;
import io.replog.replication.transport.ForwardingTransport;
import io.replog.replication.transport.Transport;
import io.replog.wal.SyncPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With group commit the log's syncer forces while the node's thread goes on; a node must still never
 * acknowledge an entry its own disk does not hold. Every acknowledgement leaving any node is checked, as
 * it is handed to the transport, against that node's durable log index at that moment.
 */
class DurableAcknowledgementTest {
    @TempDir
    Path directory;

    @Test
    void noAcknowledgementLeavesBeforeTheDurableIndexCoversIt() throws Exception {
        List<String> early = new CopyOnWriteArrayList<>();
        AtomicLong checked = new AtomicLong();
        ConcurrentHashMap<Integer, LocalCluster> clusters = new ConcurrentHashMap<>();
        try (LocalCluster cluster = new LocalCluster(directory, 3, config -> {
            UnaryOperator<Transport> faulty = config.transportDecorator();
            int id = config.id();
            config.syncPolicy(SyncPolicy.BATCH).transportDecorator(transport ->
                new AcknowledgementCheck(id, faulty.apply(transport), clusters, early, checked));
        })) {
            clusters.put(0, cluster);
            cluster.startAll();
            List<LocalCluster.Acked> acked = cluster.append("durable", 600, 512);
            cluster.checkAcknowledged(acked);
        }
        assertTrue(early.isEmpty(), "acknowledged before durable: " + early);
        assertTrue(checked.get() >= 20, "only " + checked.get() + " acknowledgements were checked");
    }

    /** Decodes what a node sends and compares each acknowledgement with the node's durable log index. */
    private static final class AcknowledgementCheck extends ForwardingTransport {
        private final int selfId;
        private final ConcurrentHashMap<Integer, LocalCluster> clusters;
        private final List<String> early;
        private final AtomicLong checked;
        private final RaftMessageCodec codec = new RaftMessageCodec();
        private final UnsafeBuffer joined = new UnsafeBuffer(new byte[0]);

        AcknowledgementCheck(int selfId, Transport delegate, ConcurrentHashMap<Integer, LocalCluster> clusters,
                             List<String> early, AtomicLong checked) {
            super(delegate);
            this.selfId = selfId;
            this.clusters = clusters;
            this.early = early;
            this.checked = checked;
        }

        private void check(DirectBuffer buffer, int offset, int length) {
            Message message = codec.decode(buffer, offset, length);
            if (message.type() != MessageType.APPEND_RESPONSE || message.reject()) {
                return;
            }
            LocalCluster cluster = clusters.get(0);
            ReplogNode node;
            try {
                node = cluster == null ? null : cluster.node(selfId);
            } catch (IllegalStateException notYetStarted) {
                node = null;
            }
            if (node == null) {
                return; // still starting: nothing was appended yet
            }
            long durable = node.durableLogIndex();
            checked.incrementAndGet();
            if (durable < message.index()) {
                early.add("node " + selfId + " acknowledged " + message.index() + " with durable index " + durable);
            }
        }

        @Override
        public boolean send(int peerId, int messageType, DirectBuffer message, int offset, int length) {
            check(message, offset, length);
            return delegate.send(peerId, messageType, message, offset, length);
        }

        @Override
        public boolean send(int peerId, int messageType, DirectBuffer head, int headOffset, int headLength,
                            DirectBuffer body, int bodyOffset, int bodyLength) {
            byte[] bytes = new byte[headLength + bodyLength];
            head.getBytes(headOffset, bytes, 0, headLength);
            body.getBytes(bodyOffset, bytes, headLength, bodyLength);
            joined.wrap(bytes);
            check(joined, 0, bytes.length);
            return delegate.send(peerId, messageType, head, headOffset, headLength, body, bodyOffset, bodyLength);
        }
    }
}

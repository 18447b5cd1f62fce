package io.replog.replication.node;

import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.MessageType;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.transport.Transport;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntHashSet;

import java.util.List;

/**
 * Encodes Raft messages once into a reusable buffer and hands them to the transport.
 * <p>
 * A message the transport drops is not lost silently when it matters: an AppendEntries refused under
 * back pressure (after the transport's bounded retries) is reported to the core, which resends its
 * entries in a later duty cycle, when the publication may have room again; later AppendEntries of the
 * same batch to that peer are not even tried (they would only arrive after a gap and be rejected). A
 * peer that is not connected is left to Raft's own retransmission (heartbeats, probes), so a dead peer
 * costs no work per duty cycle. Nothing is queued here: the core's in-flight window bounds what waits.
 */
final class MessageSender {
    /** Transport message type of Raft messages. */
    static final int RAFT_MESSAGE = 1;

    private final Transport transport;
    private final NodeCounters counters;
    private final RaftMessageCodec codec = new RaftMessageCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
    /** Peers whose publication pushed back an AppendEntries in the batch being sent. */
    private final IntHashSet backPressuredPeers = new IntHashSet();

    MessageSender(Transport transport, NodeCounters counters) {
        this.transport = transport;
        this.counters = counters;
    }

    /**
     * Sends each message in order; tells {@code raft} of AppendEntries its transport pushed back. Every message is
     * given back to {@code raft} once encoded or skipped (see {@code Message}): nothing here keeps one.
     * @return messages sent.
     */
    int send(List<Message> messages, RaftNode raft) {
        int sent = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            boolean append = message.type() == MessageType.APPEND;
            if (append && !backPressuredPeers.isEmpty() && backPressuredPeers.contains(message.to())) {
                raft.recycle(message);
                continue;
            }
            long backPressuredBefore = transport.counters().droppedBackPressured();
            int length = codec.encode(message, buffer, 0);
            if (transport.send(message.to(), RAFT_MESSAGE, buffer, 0, length)) {
                sent++;
            } else if (append && transport.counters().droppedBackPressured() != backPressuredBefore) {
                // The transport's counters say why it refused: pushed back (room soon), not unreachable.
                backPressuredPeers.add(message.to());
                raft.appendNotSent(message);
            }
            if (message.type() == MessageType.INSTALL_SNAPSHOT) {
                counters.chunkBytesSent += message.chunk().length;
            }
            raft.recycle(message);
        }
        if (!backPressuredPeers.isEmpty()) {
            backPressuredPeers.clear();
        }
        return sent;
    }
}

package io.replog.replication.node;

import io.replog.replication.codec.RaftMessageCodec;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.MessageType;
import io.replog.replication.transport.Transport;
import org.agrona.ExpandableArrayBuffer;

import java.util.List;

/** Encodes Raft messages once into a reusable buffer and hands them to the transport. */
final class MessageSender {
    /** Transport message type of Raft messages. */
    static final int RAFT_MESSAGE = 1;

    private final Transport transport;
    private final NodeCounters counters;
    private final RaftMessageCodec codec = new RaftMessageCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);

    MessageSender(Transport transport, NodeCounters counters) {
        this.transport = transport;
        this.counters = counters;
    }

    /** Sends each message; one the transport drops is recovered by Raft's retransmission. */
    void send(List<Message> messages) {
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            int length = codec.encode(message, buffer, 0);
            transport.send(message.to(), RAFT_MESSAGE, buffer, 0, length);
            if (message.type() == MessageType.INSTALL_SNAPSHOT) {
                counters.chunkBytesSent += message.chunk().length;
            }
        }
    }
}

package io.replog.replication.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * What a node has to say and has not handed out yet: messages to send now, messages to send only once the
 * next Ready's state is durable, read states and accepted snapshot chunks; and the recycled messages it says
 * them with ({@link MessagePool}).
 * <p>
 * Each list has a twin that is handed out, in the Ready or by {@link #takeMessages()}; they swap at every
 * hand-out, so neither collecting nor handing out allocates. A handed-out list is cleared when its turn comes
 * again: the Ready's at the next {@link #handOut}, {@code takeMessages}' at the next {@code takeMessages}.
 * <p>
 * Invariant: the collecting lists and the handed-out ones are distinct objects (a swap never aliases two).
 */
final class Outbox {
    private final MessagePool pool;
    private List<Message> messages = new ArrayList<>();
    private List<Message> messagesAfterPersist = new ArrayList<>();
    private List<ReadState> readStates = new ArrayList<>();
    private List<SnapshotChunk> snapshotChunks = new ArrayList<>();
    private List<Message> readyMessages = new ArrayList<>();
    private List<Message> readyMessagesAfterPersist = new ArrayList<>();
    private List<ReadState> readyReadStates = new ArrayList<>();
    private List<SnapshotChunk> readySnapshotChunks = new ArrayList<>();
    private List<Message> takenMessages = new ArrayList<>();

    Outbox(boolean poisonRecycledMessages) {
        this.pool = new MessagePool(MessagePool.CAPACITY, poisonRecycledMessages);
    }

    /** A message to fill with one of its {@code as...} setters and {@link #send}, reused if the host gave one back. */
    Message message() {
        return pool.take();
    }

    void recycle(Message m) {
        pool.recycle(m);
    }

    /**
     * Queues a message; {@code afterPersist} ones leave only once the next Ready's state is durable. An
     * acknowledgement of appended entries replaces an earlier one to the same leader in the same term
     * waiting for the same persist: acknowledgements are cumulative, so a follower answers once per
     * persisted batch, however many AppendEntries the batch held. The one dropped goes back to the pool.
     */
    void send(Message m, boolean afterPersist) {
        if (afterPersist && isAppendAcknowledgement(m)) {
            for (int i = messagesAfterPersist.size() - 1; i >= 0; i--) {
                Message earlier = messagesAfterPersist.get(i);
                if (isAppendAcknowledgement(earlier) && earlier.to() == m.to() && earlier.term() == m.term()) {
                    if (earlier.index() < m.index()) {
                        messagesAfterPersist.set(i, m);
                        pool.recycle(earlier);
                    } else {
                        pool.recycle(m);
                    }
                    return;
                }
            }
        }
        (afterPersist ? messagesAfterPersist : messages).add(m);
    }

    private static boolean isAppendAcknowledgement(Message m) {
        return m.type() == MessageType.APPEND_RESPONSE && !m.reject();
    }

    void addSnapshotChunk(SnapshotChunk chunk) {
        snapshotChunks.add(chunk);
    }

    void addReadState(ReadState readState) {
        readStates.add(readState);
    }

    List<ReadState> readStatesSink() {
        return readStates;
    }

    boolean isEmpty() {
        return messages.isEmpty() && messagesAfterPersist.isEmpty() && readStates.isEmpty() && snapshotChunks.isEmpty();
    }

    /** The messages that may leave now, collected since the last hand-out; valid until the next {@code takeMessages()}. */
    List<Message> takeMessages() {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Message> taken = messages;
        messages = takenMessages;
        messages.clear();
        takenMessages = taken;
        return taken;
    }

    /** Hands everything collected to {@code ready}, with the parts the node's log supplies. */
    void handOut(Ready ready, Snapshot snapshot, EntryList entries, EntryList committedEntries) {
        List<Message> handedOut = readyMessages;
        handedOut.clear();
        readyMessages = messages;
        messages = handedOut;
        handedOut = readyMessagesAfterPersist;
        handedOut.clear();
        readyMessagesAfterPersist = messagesAfterPersist;
        messagesAfterPersist = handedOut;
        List<ReadState> readStatesHandedOut = readyReadStates;
        readStatesHandedOut.clear();
        readyReadStates = readStates;
        readStates = readStatesHandedOut;
        List<SnapshotChunk> chunksHandedOut = readySnapshotChunks;
        chunksHandedOut.clear();
        readySnapshotChunks = snapshotChunks;
        snapshotChunks = chunksHandedOut;
        ready.fill(snapshot, readySnapshotChunks, entries, readyMessages, readyMessagesAfterPersist, committedEntries, readyReadStates);
    }

    void checkInvariants(int nodeId) {
        pool.checkInvariants(nodeId);
        if (messages == readyMessages || messages == takenMessages || readyMessages == takenMessages
            || messagesAfterPersist == readyMessagesAfterPersist || readStates == readyReadStates || snapshotChunks == readySnapshotChunks) {
            throw new IllegalStateException("node " + nodeId + ": an output list is both collecting and handed out");
        }
    }
}

package io.replog.replication.raft;

import java.util.List;

/**
 * A message between two nodes. One shape for every type, as in etcd-raft, so transports and the
 * simulator handle one class; which fields mean something depends on {@link #type()}:
 * <pre>
 *  type                      index / logTerm                   other fields
 *  PRE_VOTE, VOTE            candidate's last index / term     context = CONTEXT_TRANSFER when forced
 *  *_VOTE_RESPONSE           -                                 reject
 *  APPEND                    previous entry's index / term     entries, commitIndex
 *  APPEND_RESPONSE           last matching index (accept) or   reject, rejectHint (index to probe),
 *                            rejected previous index           logTerm = term at rejectHint
 *  HEARTBEAT                 -                                 commitIndex, context (read index)
 *  HEARTBEAT_RESPONSE        -                                 context
 *  INSTALL_SNAPSHOT          snapshot index / term             snapshot, chunkOffsetBytes, chunk, lastChunk
 *  INSTALL_SNAPSHOT_RESPONSE snapshot index / term             chunkOffsetBytes = next byte wanted (every byte
 *                                                              before it durable), reject = resend from there
 * </pre>
 * Instances are immutable; entry lists and chunk arrays are shared, never modified.
 */
public record Message(
    MessageType type,
    int from,
    int to,
    long term,
    long logTerm,
    long index,
    List<LogEntry> entries,
    long commitIndex,
    boolean reject,
    long rejectHint,
    long context,
    Snapshot snapshot,
    long chunkOffsetBytes,
    byte[] chunk,
    boolean lastChunk) {

    /** {@code context} of a vote request sent because of leadership transfer. */
    public static final long CONTEXT_TRANSFER = 1;
    /** {@code context} of a heartbeat that carries no read index request. */
    public static final long NO_CONTEXT = 0;

    static Message voteRequest(MessageType type, int from, int to, long term, long lastIndex, long lastTerm, long context) {
        return new Message(type, from, to, term, lastTerm, lastIndex, List.of(), 0, false, 0, context, null, 0, null, false);
    }

    static Message simple(MessageType type, int from, int to, long term, boolean reject) {
        return new Message(type, from, to, term, 0, 0, List.of(), 0, reject, 0, NO_CONTEXT, null, 0, null, false);
    }

    static Message append(int from, int to, long term, long prevIndex, long prevTerm, List<LogEntry> entries, long commitIndex) {
        return new Message(MessageType.APPEND, from, to, term, prevTerm, prevIndex, entries, commitIndex, false, 0, NO_CONTEXT, null, 0, null, false);
    }

    static Message appendResponse(int from, int to, long term, long index, boolean reject, long rejectHint, long hintTerm) {
        return new Message(MessageType.APPEND_RESPONSE, from, to, term, hintTerm, index, List.of(), 0, reject, rejectHint, NO_CONTEXT, null, 0, null, false);
    }

    static Message heartbeat(MessageType type, int from, int to, long term, long commitIndex, long context) {
        return new Message(type, from, to, term, 0, 0, List.of(), commitIndex, false, 0, context, null, 0, null, false);
    }

    static Message snapshotChunk(int from, int to, long term, Snapshot snapshot, long offsetBytes, byte[] chunk) {
        boolean lastChunk = offsetBytes + chunk.length == snapshot.lengthBytes();
        return new Message(MessageType.INSTALL_SNAPSHOT, from, to, term, snapshot.term(), snapshot.index(), List.of(), 0, false, 0, NO_CONTEXT,
            snapshot, offsetBytes, chunk, lastChunk);
    }

    static Message snapshotResponse(int from, int to, long term, Snapshot snapshot, long nextOffsetBytes, boolean refused) {
        return new Message(MessageType.INSTALL_SNAPSHOT_RESPONSE, from, to, term, snapshot.term(), snapshot.index(), List.of(), 0, refused, 0,
            NO_CONTEXT, null, nextOffsetBytes, null, false);
    }

    /** Total payload bytes of the entries carried. */
    public long entriesBytes() {
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            bytes += entries.get(i).sizeBytes();
        }
        return bytes;
    }

    /** One line per message, stable across runs: the golden transcripts depend on this format. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(from).append("->").append(to).append(' ').append(type).append(" term=").append(term);
        switch (type) {
            case PRE_VOTE, VOTE -> {
                out.append(" last=").append(logTerm).append('/').append(index);
                if (context == CONTEXT_TRANSFER) {
                    out.append(" transfer");
                }
            }
            case PRE_VOTE_RESPONSE, VOTE_RESPONSE -> out.append(reject ? " rejected" : " granted");
            case APPEND -> out.append(" prev=").append(logTerm).append('/').append(index).append(" commit=").append(commitIndex).append(" entries=").append(entries);
            case APPEND_RESPONSE -> {
                out.append(" index=").append(index);
                if (reject) {
                    out.append(" rejected hint=").append(logTerm).append('/').append(rejectHint);
                }
            }
            case HEARTBEAT -> out.append(" commit=").append(commitIndex).append(context != NO_CONTEXT ? " context=" + context : "");
            case HEARTBEAT_RESPONSE -> out.append(context != NO_CONTEXT ? " context=" + context : "");
            case INSTALL_SNAPSHOT -> out.append(" snapshot=").append(snapshot.meta()).append(" offset=").append(chunkOffsetBytes)
                .append(" bytes=").append(chunk.length).append(lastChunk ? " last" : "");
            case INSTALL_SNAPSHOT_RESPONSE -> out.append(" snapshot=").append(index).append(" next=").append(chunkOffsetBytes)
                .append(reject ? " refused" : "");
            case TIMEOUT_NOW -> { }
            default -> throw new IllegalStateException("unknown type " + type);
        }
        return out.toString();
    }
}

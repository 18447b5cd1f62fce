package io.replog.replication.raft;

import java.util.Collections;
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
 * <b>Mutable and recycled</b>, so that steady-state replication allocates no message. The rules:
 * <ul>
 *   <li>A message a core hands out (in a {@link Ready} or from {@link RaftNode#takeMessages()}) belongs to the
 *       host until the host gives it back with {@link RaftNode#recycle(Message)}: once it has sent it (encoded
 *       it, or copied it with {@link #copyFrom(Message)}) or decided not to. After that the host keeps no
 *       reference to it, nor to its {@link #entries()} list: the core fills the same object again for a later
 *       message. Recycling is optional: a message never given back is simply garbage.</li>
 *   <li>A message a host passes to {@link RaftNode#step(Message)} stays the host's: the core reads it during
 *       the call and keeps no reference to it or its entries list (it does keep the {@link LogEntry} objects,
 *       which are immutable), so a host may decode every incoming frame into one reused instance.</li>
 *   <li>Every setter writes every field, so nothing of a previous use survives in a recycled message.</li>
 * </ul>
 * A recycled message refuses to be read ({@link IllegalStateException}); in the pool's poisoning mode (on
 * when assertions are, so in every test) recycled messages are never handed out again, so a host that holds
 * on to one past {@code recycle} fails at its next read instead of seeing another message's fields.
 */
public final class Message {
    /** {@code context} of a vote request sent because of leadership transfer. */
    public static final long CONTEXT_TRANSFER = 1;
    /** {@code context} of a heartbeat that carries no read index request. */
    public static final long NO_CONTEXT = 0;

    private MessageType type;
    private int from;
    private int to;
    private long term;
    private long logTerm;
    private long index;
    /** Owned by this message and cleared by every setter; the view below is what readers get. */
    private final EntryList entryList = new EntryList();
    private final List<LogEntry> entries = Collections.unmodifiableList(entryList);
    private long commitIndex;
    private boolean reject;
    private long rejectHint;
    private long context;
    private Snapshot snapshot;
    private long chunkOffsetBytes;
    private byte[] chunk;
    private boolean lastChunk;
    /** Given back to a pool: reads throw until a setter fills it again. */
    private boolean recycled;

    /** An empty message to fill with {@link #set} or {@link #copyFrom}, e.g. a decoder's reused instance. */
    public Message() {
        type = MessageType.HEARTBEAT;
    }

    /** A message with every field given; {@code entries} are copied into the message's own list. */
    public Message(MessageType type, int from, int to, long term, long logTerm, long index, List<LogEntry> entries, long commitIndex,
                   boolean reject, long rejectHint, long context, Snapshot snapshot, long chunkOffsetBytes, byte[] chunk, boolean lastChunk) {
        set(type, from, to, term, logTerm, index, commitIndex, reject, rejectHint, context, snapshot, chunkOffsetBytes, chunk, lastChunk);
        for (int i = 0; i < entries.size(); i++) {
            entryList.add(entries.get(i));
        }
    }

    /** Writes every field and empties the entries (add them with {@link #addEntry}); returns this. */
    public Message set(MessageType type, int from, int to, long term, long logTerm, long index, long commitIndex, boolean reject,
                       long rejectHint, long context, Snapshot snapshot, long chunkOffsetBytes, byte[] chunk, boolean lastChunk) {
        this.type = type;
        this.from = from;
        this.to = to;
        this.term = term;
        this.logTerm = logTerm;
        this.index = index;
        this.entryList.clear();
        this.commitIndex = commitIndex;
        this.reject = reject;
        this.rejectHint = rejectHint;
        this.context = context;
        this.snapshot = snapshot;
        this.chunkOffsetBytes = chunkOffsetBytes;
        this.chunk = chunk;
        this.lastChunk = lastChunk;
        this.recycled = false;
        return this;
    }

    /** Appends an entry to an APPEND being filled (by a decoder); entries must be consecutive. */
    public void addEntry(LogEntry entry) {
        checkLive();
        entryList.add(entry);
    }

    /** Makes this message a copy of {@code other} (the entries themselves are shared: they are immutable); returns this. */
    public Message copyFrom(Message other) {
        other.checkLive();
        set(other.type, other.from, other.to, other.term, other.logTerm, other.index, other.commitIndex, other.reject, other.rejectHint,
            other.context, other.snapshot, other.chunkOffsetBytes, other.chunk, other.lastChunk);
        entryList.addAll(other.entryList, 0);
        return this;
    }

    static Message voteRequest(MessageType type, int from, int to, long term, long lastIndex, long lastTerm, long context) {
        return new Message().asVoteRequest(type, from, to, term, lastIndex, lastTerm, context);
    }

    static Message simple(MessageType type, int from, int to, long term, boolean reject) {
        return new Message().asSimple(type, from, to, term, reject);
    }

    static Message append(int from, int to, long term, long prevIndex, long prevTerm, List<LogEntry> entries, long commitIndex) {
        Message m = new Message().asAppend(from, to, term, prevIndex, prevTerm, commitIndex);
        for (int i = 0; i < entries.size(); i++) {
            m.entryList.add(entries.get(i));
        }
        return m;
    }

    static Message appendResponse(int from, int to, long term, long index, boolean reject, long rejectHint, long hintTerm) {
        return new Message().asAppendResponse(from, to, term, index, reject, rejectHint, hintTerm);
    }

    static Message heartbeat(MessageType type, int from, int to, long term, long commitIndex, long context) {
        return new Message().asHeartbeat(type, from, to, term, commitIndex, context);
    }

    Message asVoteRequest(MessageType type, int from, int to, long term, long lastIndex, long lastTerm, long context) {
        return set(type, from, to, term, lastTerm, lastIndex, 0, false, 0, context, null, 0, null, false);
    }

    Message asSimple(MessageType type, int from, int to, long term, boolean reject) {
        return set(type, from, to, term, 0, 0, 0, reject, 0, NO_CONTEXT, null, 0, null, false);
    }

    /** An APPEND without entries; the sender adds them to {@link #entryList()}. */
    Message asAppend(int from, int to, long term, long prevIndex, long prevTerm, long commitIndex) {
        return set(MessageType.APPEND, from, to, term, prevTerm, prevIndex, commitIndex, false, 0, NO_CONTEXT, null, 0, null, false);
    }

    Message asAppendResponse(int from, int to, long term, long index, boolean reject, long rejectHint, long hintTerm) {
        return set(MessageType.APPEND_RESPONSE, from, to, term, hintTerm, index, 0, reject, rejectHint, NO_CONTEXT, null, 0, null, false);
    }

    Message asHeartbeat(MessageType type, int from, int to, long term, long commitIndex, long context) {
        return set(type, from, to, term, 0, 0, commitIndex, false, 0, context, null, 0, null, false);
    }

    Message asSnapshotChunk(int from, int to, long term, Snapshot snapshot, long offsetBytes, byte[] chunk) {
        boolean lastChunk = offsetBytes + chunk.length == snapshot.lengthBytes();
        return set(MessageType.INSTALL_SNAPSHOT, from, to, term, snapshot.term(), snapshot.index(), 0, false, 0, NO_CONTEXT,
            snapshot, offsetBytes, chunk, lastChunk);
    }

    Message asSnapshotResponse(int from, int to, long term, Snapshot snapshot, long nextOffsetBytes, boolean refused) {
        return set(MessageType.INSTALL_SNAPSHOT_RESPONSE, from, to, term, snapshot.term(), snapshot.index(), 0, refused, 0,
            NO_CONTEXT, null, nextOffsetBytes, null, false);
    }

    /** The mutable entries of a message being filled by the core. */
    EntryList entryList() {
        return entryList;
    }

    /** Marks this message given back; false if it already was (a second owner would be a bug). */
    boolean markRecycled() {
        if (recycled) {
            return false;
        }
        recycled = true;
        return true;
    }

    boolean isRecycled() {
        return recycled;
    }

    private void checkLive() {
        if (recycled) {
            throw readAfterRecycle();
        }
    }

    /** Kept out of {@link #checkLive()} so that the check every accessor makes stays small enough to inline. */
    private IllegalStateException readAfterRecycle() {
        return new IllegalStateException("a " + type + " message " + from + "->" + to
            + " was read after it was recycled: its owner kept a reference past RaftNode.recycle (see Message)");
    }

    public MessageType type() {
        checkLive();
        return type;
    }

    public int from() {
        checkLive();
        return from;
    }

    public int to() {
        checkLive();
        return to;
    }

    public long term() {
        checkLive();
        return term;
    }

    public long logTerm() {
        checkLive();
        return logTerm;
    }

    public long index() {
        checkLive();
        return index;
    }

    /** The entries carried (APPEND), read-only; valid while the message is, i.e. until it is recycled. */
    public List<LogEntry> entries() {
        checkLive();
        return entries;
    }

    public long commitIndex() {
        checkLive();
        return commitIndex;
    }

    public boolean reject() {
        checkLive();
        return reject;
    }

    public long rejectHint() {
        checkLive();
        return rejectHint;
    }

    public long context() {
        checkLive();
        return context;
    }

    public Snapshot snapshot() {
        checkLive();
        return snapshot;
    }

    public long chunkOffsetBytes() {
        checkLive();
        return chunkOffsetBytes;
    }

    public byte[] chunk() {
        checkLive();
        return chunk;
    }

    public boolean lastChunk() {
        checkLive();
        return lastChunk;
    }

    /** Total payload bytes of the entries carried. */
    public long entriesBytes() {
        checkLive();
        long bytes = 0;
        for (int i = 0; i < entryList.size(); i++) {
            bytes += entryList.get(i).sizeBytes();
        }
        return bytes;
    }

    /** One line per message, stable across runs: the golden transcripts depend on this format. */
    @Override
    public String toString() {
        if (recycled) {
            return "recycled " + type + " " + from + "->" + to;
        }
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

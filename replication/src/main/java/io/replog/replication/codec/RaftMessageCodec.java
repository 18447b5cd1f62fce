package io.replog.replication.codec;

import io.replog.replication.codec.sbe.BooleanType;
import io.replog.replication.codec.sbe.MessageHeaderDecoder;
import io.replog.replication.codec.sbe.MessageHeaderEncoder;
import io.replog.replication.codec.sbe.RaftMessageDecoder;
import io.replog.replication.codec.sbe.RaftMessageEncoder;
import io.replog.replication.codec.sbe.RaftMessageType;
import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.LogEntry;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.MessageType;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotMeta;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Encodes {@link Message}s into the SBE wire format of {@code replog-raft-schema.xml} and back.
 * Decoding is defensive: a frame from the network is untrusted, so every length, count and enum
 * is checked against the frame's own extent and a bad one raises {@link MalformedMessageException}
 * naming what is wrong (the transport counts it and moves on). Not thread-safe: one per thread.
 */
public final class RaftMessageCodec {
    /** Entries per message are bounded by the SBE group counter. */
    public static final int MAX_ENTRIES_PER_MESSAGE = 65_534;
    /** Bytes each entry adds to a message besides its payload: its index, term and payload length. */
    public static final int ENTRY_OVERHEAD_BYTES = 16 + 4;
    /** Bytes of a message that are neither entries nor a chunk, at most (header, fields, group headers, members). */
    public static final int FIXED_BYTES_MAX = 1024;
    /** {@code MessageType.values()} clones its array on every call; decoding runs per message. */
    private static final MessageType[] TYPES = MessageType.values();
    private static final byte[] NO_BYTES = new byte[0];

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final RaftMessageEncoder encoder = new RaftMessageEncoder();
    private final RaftMessageDecoder decoder = new RaftMessageDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    /** Wraps one entry's payload at a time, for encoding it or handing it to an {@link EntryStore}. */
    private final UnsafeBuffer payloadView = new UnsafeBuffer(new byte[0]);

    /**
     * Makes the entries of a decoded message. A decoded payload is a view of the frame, valid only while the
     * transport's handler runs; the store copies it wherever the entry must live for longer.
     */
    @FunctionalInterface
    public interface EntryStore {
        /** Copies each payload into a new array: entries valid for ever, at one allocation each. */
        EntryStore HEAP = (index, term, payload, offset, length) -> {
            byte[] copy = new byte[length];
            payload.getBytes(offset, copy);
            return new LogEntry(index, term, copy);
        };

        LogEntry entry(long index, long term, DirectBuffer payload, int offset, int length);
    }

    /** A frame that is not a valid replog Raft message. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message) {
            super(message);
        }
    }

    /** Bytes {@link #encode} will write for this message. */
    public static int encodedLength(Message message) {
        int length = MessageHeaderEncoder.ENCODED_LENGTH + RaftMessageEncoder.BLOCK_LENGTH;
        length += 4 + message.entries().size() * ENTRY_OVERHEAD_BYTES + (int)message.entriesBytes();
        Snapshot snapshot = message.snapshot();
        int members = snapshot == null ? 0 : snapshot.meta().configuration().voters().size() +
            snapshot.meta().configuration().learners().size();
        length += 4 + 4 + members * 4;
        return length + 4 + (message.chunk() == null ? 0 : message.chunk().length);
    }

    /** @return bytes written at {@code offset}. */
    public int encode(Message message, MutableDirectBuffer buffer, int offset) {
        if (message.entries().size() > MAX_ENTRIES_PER_MESSAGE) {
            throw new IllegalArgumentException(message.entries().size() + " entries in one message; at most " +
                MAX_ENTRIES_PER_MESSAGE);
        }
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .type(RaftMessageType.get((short)message.type().ordinal()))
            .reject(message.reject() ? BooleanType.TRUE : BooleanType.FALSE)
            .lastChunk(message.lastChunk() ? BooleanType.TRUE : BooleanType.FALSE)
            .fromId(message.from())
            .toId(message.to())
            .term(message.term())
            .logTerm(message.logTerm())
            .logIndex(message.index())
            .commitIndex(message.commitIndex())
            .rejectHint(message.rejectHint())
            .context(message.context())
            .chunkOffsetBytes(message.chunkOffsetBytes());
        Snapshot snapshot = message.snapshot();
        encoder.snapshotIndex(snapshot == null ? -1 : snapshot.index())
            .snapshotTerm(snapshot == null ? -1 : snapshot.term())
            .snapshotLengthBytes(snapshot == null ? -1 : snapshot.lengthBytes())
            .snapshotChecksum(snapshot == null ? 0 : snapshot.checksum());
        List<LogEntry> messageEntries = message.entries();
        RaftMessageEncoder.EntriesEncoder entries = encoder.entriesCount(messageEntries.size());
        for (int i = 0; i < messageEntries.size(); i++) {
            LogEntry entry = messageEntries.get(i);
            // A view of the entry's payload, heap array or mapped log alike: one copy, into the frame.
            entries.next().entryIndex(entry.index()).entryTerm(entry.term())
                .putPayload(entry.wrapPayload(payloadView), 0, entry.sizeBytes());
        }
        if (snapshot == null) {
            // No membership to carry; no iterator over an empty set either (this runs per message).
            encoder.votersCount(0);
            encoder.learnersCount(0);
        } else {
            Set<Integer> voters = snapshot.meta().configuration().voters();
            Set<Integer> learners = snapshot.meta().configuration().learners();
            RaftMessageEncoder.VotersEncoder votersEncoder = encoder.votersCount(voters.size());
            for (int voter : voters) {
                votersEncoder.next().memberId(voter);
            }
            RaftMessageEncoder.LearnersEncoder learnersEncoder = encoder.learnersCount(learners.size());
            for (int learner : learners) {
                learnersEncoder.next().memberId(learner);
            }
        }
        byte[] chunk = message.chunk() == null ? NO_BYTES : message.chunk();
        encoder.putChunk(chunk, 0, chunk.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Decodes one message occupying exactly {@code [offset, offset + length)} into a new {@link Message}.
     *
     * @throws MalformedMessageException when the bytes are not a valid message of this schema.
     */
    public Message decode(DirectBuffer buffer, int offset, int length) {
        return decode(buffer, offset, length, new Message());
    }

    /**
     * Decodes one message occupying exactly {@code [offset, offset + length)} into {@code into}, overwriting every
     * field (a receiver reuses one instance for every frame; the core keeps no reference to a stepped message).
     * Entries get new arrays ({@link EntryStore#HEAP}: the core keeps entries); so does a snapshot chunk (chunks are rare).
     *
     * @return {@code into}.
     * @throws MalformedMessageException when the bytes are not a valid message of this schema; {@code into} then
     *         holds a partly decoded message and must not be stepped.
     */
    public Message decode(DirectBuffer buffer, int offset, int length, Message into) {
        return decode(buffer, offset, length, into, EntryStore.HEAP);
    }

    /**
     * As {@link #decode(DirectBuffer, int, int, Message)}, with the entries made by {@code store} (a node hands its
     * entry arena, so that a follower allocates no array per entry).
     */
    public Message decode(DirectBuffer buffer, int offset, int length, Message into, EntryStore store) {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + RaftMessageDecoder.BLOCK_LENGTH) {
            throw new MalformedMessageException("a Raft message needs at least " +
                (MessageHeaderDecoder.ENCODED_LENGTH + RaftMessageDecoder.BLOCK_LENGTH) + " bytes, got " + length);
        }
        // Bounds checks of the view stop any length or count in the frame from reading past it.
        view.wrap(buffer, offset, length);
        headerDecoder.wrap(view, 0);
        if (headerDecoder.schemaId() != RaftMessageDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != RaftMessageDecoder.TEMPLATE_ID) {
            throw new MalformedMessageException("not a replog Raft message: schema " + headerDecoder.schemaId() +
                ", template " + headerDecoder.templateId());
        }
        if (headerDecoder.version() != RaftMessageDecoder.SCHEMA_VERSION ||
            headerDecoder.blockLength() != RaftMessageDecoder.BLOCK_LENGTH) {
            throw new MalformedMessageException("unsupported Raft message version " + headerDecoder.version() +
                " (block length " + headerDecoder.blockLength() + ")");
        }
        try {
            return decodeBody(into, store);
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedMessageException("truncated Raft message: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("invalid Raft message: " + e.getMessage());
        }
    }

    private Message decodeBody(Message into, EntryStore store) {
        decoder.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, RaftMessageDecoder.BLOCK_LENGTH,
            RaftMessageDecoder.SCHEMA_VERSION);
        RaftMessageType wireType = decoder.type();
        if (wireType == RaftMessageType.NULL_VAL || wireType.value() >= TYPES.length) {
            throw new MalformedMessageException("unknown Raft message type " + decoder.typeRaw());
        }
        MessageType type = TYPES[wireType.value()];
        boolean reject = bool(decoder.reject(), "reject");
        boolean lastChunk = bool(decoder.lastChunk(), "lastChunk");
        int from = decoder.fromId();
        int to = decoder.toId();
        long term = decoder.term();
        long logTerm = decoder.logTerm();
        long index = decoder.logIndex();
        long commitIndex = decoder.commitIndex();
        long rejectHint = decoder.rejectHint();
        long context = decoder.context();
        long chunkOffsetBytes = decoder.chunkOffsetBytes();
        long snapshotIndex = decoder.snapshotIndex();
        long snapshotTerm = decoder.snapshotTerm();
        long snapshotLengthBytes = decoder.snapshotLengthBytes();
        long snapshotChecksum = decoder.snapshotChecksum();
        // Only a snapshot chunk carries a membership; other messages skip the (empty) groups without collecting.
        boolean snapshotChunk = type == MessageType.INSTALL_SNAPSHOT;
        // Filled now (a snapshot chunk is filled again at the end), so that entries go straight into the message's list.
        List<LogEntry> chunkEntries = snapshotChunk ? new ArrayList<>() : null;
        into.set(type, from, to, term, logTerm, index, commitIndex, reject, rejectHint, context, null, chunkOffsetBytes, null, lastChunk);
        RaftMessageDecoder.EntriesDecoder entriesDecoder = decoder.entries();
        while (entriesDecoder.hasNext()) {
            RaftMessageDecoder.EntriesDecoder entry = entriesDecoder.next();
            long entryIndex = entry.entryIndex();
            long entryTerm = entry.entryTerm();
            int payloadLength = checkedLength(entry.payloadLength(), "entry payload");
            if (entryIndex < 1 || entryTerm < 1) {
                throw new MalformedMessageException("entry with index " + entryIndex + " and term " + entryTerm);
            }
            entry.wrapPayload(payloadView);
            LogEntry decoded = store.entry(entryIndex, entryTerm, payloadView, 0, payloadLength);
            if (snapshotChunk) {
                chunkEntries.add(decoded);
            } else {
                into.addEntry(decoded);
            }
        }
        Set<Integer> voters = snapshotChunk ? new TreeSet<>() : Set.of();
        RaftMessageDecoder.VotersDecoder votersDecoder = decoder.voters();
        while (votersDecoder.hasNext()) {
            int voter = votersDecoder.next().memberId();
            if (snapshotChunk) {
                voters.add(voter);
            }
        }
        Set<Integer> learners = snapshotChunk ? new TreeSet<>() : Set.of();
        RaftMessageDecoder.LearnersDecoder learnersDecoder = decoder.learners();
        while (learnersDecoder.hasNext()) {
            int learner = learnersDecoder.next().memberId();
            if (snapshotChunk) {
                learners.add(learner);
            }
        }
        int chunkLength = checkedLength(decoder.chunkLength(), "snapshot chunk");
        if (!snapshotChunk) {
            if (chunkLength != 0) {
                decoder.skipChunk();
            }
            return into;
        }
        byte[] chunk = chunkLength == 0 ? NO_BYTES : new byte[chunkLength];
        decoder.getChunk(chunk, 0, chunk.length);
        if (voters.isEmpty()) {
            throw new MalformedMessageException("snapshot chunk without a configuration");
        }
        if (snapshotLengthBytes < 0 || chunkOffsetBytes < 0 || chunkOffsetBytes + chunk.length > snapshotLengthBytes) {
            throw new MalformedMessageException("snapshot chunk of " + chunk.length + " bytes at offset " + chunkOffsetBytes +
                " does not fit a snapshot of " + snapshotLengthBytes + " bytes");
        }
        Snapshot snapshot = new Snapshot(new SnapshotMeta(snapshotIndex, snapshotTerm, new Configuration(voters, learners)),
            snapshotLengthBytes, snapshotChecksum);
        into.set(type, from, to, term, logTerm, index, commitIndex, reject, rejectHint, context, snapshot, chunkOffsetBytes, chunk, lastChunk);
        for (int i = 0; i < chunkEntries.size(); i++) {
            into.addEntry(chunkEntries.get(i));
        }
        return into;
    }

    /** A length read from the frame, checked against what is left of it before anything is allocated. */
    private int checkedLength(int length, String what) {
        int remaining = view.capacity() - decoder.limit() - 4;
        if (length < 0 || length > remaining) {
            throw new MalformedMessageException(what + " claims " + (length & 0xFFFFFFFFL) + " bytes but only " +
                remaining + " remain in the frame");
        }
        return length;
    }

    private static boolean bool(BooleanType value, String field) {
        if (value == BooleanType.NULL_VAL) {
            throw new MalformedMessageException("field " + field + " is neither true nor false");
        }
        return value == BooleanType.TRUE;
    }
}

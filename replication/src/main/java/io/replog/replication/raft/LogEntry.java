package io.replog.replication.raft;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One entry of the replicated log: its index (1-based position in the log, never a byte
 * position), the term of the leader that created it, and an opaque payload.
 * <p>
 * The payload is either a heap array (a proposal, an entry built by a test or the simulator) or a
 * <em>view</em> of bytes kept elsewhere: the mapped segment of a node's log, or the node's entry arena
 * for entries a follower has decoded and not yet persisted. A view is valid only as long as its host keeps
 * those bytes (a node keeps them for the duty cycle that handed the entry out, and for as long as the
 * entry is unpersisted); {@link #onHeap()} makes a copy that is valid for ever, for handing an entry to
 * another thread. Neither kind is ever modified after the entry is created: entries are shared between
 * the core, the host and in-flight messages without copying.
 * <p>
 * Views handed out by a {@link ViewRing} are recycled: once the ring's owner releases one, the same object
 * stands for another entry. Their owner releases them only when nothing refers to them any more (the same
 * point at which the bytes they view may be reused), so to everyone else they are as immutable as the rest.
 * <p>
 * An entry with an empty payload is the no-op a new leader appends to commit its term.
 * Two entries are equal when their index, term and payload bytes are.
 */
public final class LogEntry {
    private static final byte[] EMPTY = new byte[0];
    /** What a {@link ViewRing}'s views point at before they are first handed out. */
    private static final DirectBuffer PLACEHOLDER = new UnsafeBuffer(EMPTY);

    // Not final only for ViewRing, which points a released view at new bytes; nothing else changes an entry.
    private long index;
    private long term;
    /** The payload when it is on the heap, else null. */
    private byte[] data;
    /** The buffer a view's payload is in, else null. */
    private DirectBuffer buffer;
    private int offset;
    private int length;

    public LogEntry(long index, long term, byte[] data) {
        this(index, term, data == null ? EMPTY : data, null, 0, data == null ? 0 : data.length);
    }

    private LogEntry(long index, long term, byte[] data, DirectBuffer buffer, int offset, int length) {
        checkPosition(index, term);
        this.index = index;
        this.term = term;
        this.data = data;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    private static void checkPosition(long index, long term) {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("entry index and term must be >= 1, got index " + index + " term " + term);
        }
    }

    /** An entry whose payload is {@code buffer[offset, offset + length)}, not copied: see the class comment. */
    public static LogEntry view(long index, long term, DirectBuffer buffer, int offset, int length) {
        if (length == 0) {
            return new LogEntry(index, term, EMPTY);
        }
        return new LogEntry(index, term, null, buffer, offset, length);
    }

    public static LogEntry noOp(long index, long term) {
        return new LogEntry(index, term, EMPTY);
    }

    public long index() {
        return index;
    }

    public long term() {
        return term;
    }

    /** Payload length in bytes; what the in-flight byte window counts. */
    public int sizeBytes() {
        return length;
    }

    /** Whether the payload is a view of bytes its host keeps (see the class comment) rather than a heap array. */
    public boolean isView() {
        return buffer != null;
    }

    /**
     * The payload as an array: the entry's own for a heap entry (do not modify it), a new copy for a view
     * (allocates: for tests, tools and the simulator, not for a hot path).
     */
    public byte[] data() {
        if (buffer == null) {
            return data;
        }
        byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        return copy;
    }

    /** Points {@code view} at the payload, without copying it. */
    public UnsafeBuffer wrapPayload(UnsafeBuffer view) {
        if (buffer == null) {
            view.wrap(data, 0, length);
        } else {
            view.wrap(buffer, offset, length);
        }
        return view;
    }

    /** Copies the payload into {@code destination} at {@code destinationOffset}. */
    public void copyPayloadTo(MutableDirectBuffer destination, int destinationOffset) {
        if (buffer == null) {
            destination.putBytes(destinationOffset, data, 0, length);
        } else {
            destination.putBytes(destinationOffset, buffer, offset, length);
        }
    }

    /** This entry if its payload is on the heap, else a copy whose payload is. */
    public LogEntry onHeap() {
        return buffer == null ? this : new LogEntry(index, term, data());
    }

    private byte byteAt(int i) {
        return buffer == null ? data[i] : buffer.getByte(offset + i);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof LogEntry that) || index != that.index || term != that.term || length != that.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (byteAt(i) != that.byteAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(index) * 31 + Long.hashCode(term);
        for (int i = 0; i < length; i++) {
            hash = hash * 31 + byteAt(i);
        }
        return hash;
    }

    /** {@code term/index payload}: printable payloads quoted, others in hex, the no-op as "noop". */
    @Override
    public String toString() {
        return term + "/" + index + " " + describePayload();
    }

    private String describePayload() {
        if (length == 0) {
            return "noop";
        }
        boolean printable = true;
        for (int i = 0; i < length; i++) {
            byte b = byteAt(i);
            printable &= b >= 0x20 && b < 0x7F;
        }
        if (printable) {
            return '"' + new String(data(), StandardCharsets.US_ASCII) + '"';
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < length; i++) {
            byte b = byteAt(i);
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * Views handed out and given back in the same order, each object reused once given back, so that a host
     * that makes a view of every entry it receives (a follower) or proposes allocates none in steady state.
     * Positions count views ever handed out; {@link #releaseTo} gives back every view before a position. When
     * all {@code capacity} views are out, {@link #next} makes an ordinary view (garbage, never wrong). The views
     * are made with the ring, so handing them out never allocates.
     * <p>
     * Invariants: {@code released <= handedOut <= released + capacity}; the view at position {@code p} is
     * {@code views[p % capacity]} for {@code released <= p < handedOut}. Not thread-safe: one host thread.
     */
    public static final class ViewRing {
        private final LogEntry[] views;
        private long handedOut;
        private long released;

        public ViewRing(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("a view ring needs room for at least one view, got " + capacity);
            }
            views = new LogEntry[capacity];
            for (int i = 0; i < capacity; i++) {
                views[i] = new LogEntry(1, 1, null, PLACEHOLDER, 0, 0);
            }
        }

        /** A view of {@code buffer[offset, offset + length)} as the entry at {@code index} of {@code term}. */
        public LogEntry next(long index, long term, DirectBuffer buffer, int offset, int length) {
            if (length == 0 || handedOut - released == views.length) {
                return view(index, term, buffer, offset, length);
            }
            checkPosition(index, term);
            LogEntry view = views[(int)(handedOut % views.length)];
            view.index = index;
            view.term = term;
            view.buffer = buffer;
            view.offset = offset;
            view.length = length;
            handedOut++;
            return view;
        }

        /** How many views were ever handed out (from the ring: not those made when it was full). */
        public long position() {
            return handedOut;
        }

        /** Gives back every view handed out before {@code position}: nothing may refer to them any more. */
        public void releaseTo(long position) {
            if (position < released || position > handedOut) {
                throw new IllegalArgumentException("cannot release views to " + position + ": " + released +
                    " released, " + handedOut + " handed out");
            }
            released = position;
        }

        /** Takes back the views handed out from {@code position} on, never given to anyone (a message not stepped). */
        public void rewindTo(long position) {
            if (position < released || position > handedOut) {
                throw new IllegalArgumentException("cannot rewind views to " + position + ": " + released +
                    " released, " + handedOut + " handed out");
            }
            handedOut = position;
        }

        /** Views handed out and not given back. */
        public int outstanding() {
            return (int)(handedOut - released);
        }
    }
}

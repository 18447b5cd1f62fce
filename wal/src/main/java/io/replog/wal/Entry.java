package io.replog.wal;

import org.agrona.DirectBuffer;

import static io.replog.wal.FrameDescriptor.HEADER_LENGTH;
import static io.replog.wal.FrameDescriptor.INDEX_OFFSET;
import static io.replog.wal.FrameDescriptor.LENGTH_OFFSET;
import static io.replog.wal.FrameDescriptor.TERM_OFFSET;
import static io.replog.wal.FrameDescriptor.TYPE_OFFSET;

/**
 * A zero-copy view of one entry in the mapped log, filled by {@link WriteAheadLog#read(long, Entry)}.
 * Reuse one instance per reader: filling it allocates nothing. The view is valid until the segment
 * holding the entry is deleted or truncated.
 */
public final class Entry {
    private DirectBuffer buffer;
    private int position;
    private int frameLength;
    private String segment;

    void wrap(DirectBuffer buffer, int position, int frameLength, String segment) {
        this.buffer = buffer;
        this.position = position;
        this.frameLength = frameLength;
        this.segment = segment;
    }

    public long index() {
        return buffer.getLong(position + INDEX_OFFSET);
    }

    public long term() {
        return buffer.getLong(position + TERM_OFFSET);
    }

    public int type() {
        return buffer.getInt(position + TYPE_OFFSET);
    }

    /** The buffer holding the payload (the mapped segment itself). */
    public DirectBuffer buffer() {
        return buffer;
    }

    public int payloadOffset() {
        return position + HEADER_LENGTH;
    }

    public int payloadLength() {
        return frameLength - HEADER_LENGTH;
    }

    /** Offset of the whole frame (header included), for copying entries out in wire format. */
    public int frameOffset() {
        return position + LENGTH_OFFSET;
    }

    public int frameLength() {
        return frameLength;
    }

    /** Name of the segment file holding the entry. */
    public String segment() {
        return segment;
    }

    /** Copies the payload out (allocates: for tools and tests, not the hot path). */
    public byte[] payloadBytes() {
        byte[] bytes = new byte[payloadLength()];
        buffer.getBytes(payloadOffset(), bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "Entry{index=" + index() + ", term=" + term() + ", type=" + type() + ", payloadLength=" +
            payloadLength() + ", segment=" + segment + ", offset=" + position + '}';
    }
}

package io.replog.wal;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static io.replog.wal.FrameDescriptor.CRC_OFFSET;
import static io.replog.wal.FrameDescriptor.HEADER_LENGTH;
import static io.replog.wal.FrameDescriptor.INDEX_OFFSET;
import static io.replog.wal.FrameDescriptor.LENGTH_OFFSET;
import static io.replog.wal.FrameDescriptor.RESERVED_OFFSET;
import static io.replog.wal.FrameDescriptor.TERM_OFFSET;
import static io.replog.wal.FrameDescriptor.TYPE_OFFSET;

/**
 * The appender's write-behind blocks: frames are encoded into the active block, and reach the tail
 * segment's file in whole blocks by positional writes ({@code pwrite}), never through a mapping.
 * <p>
 * Why not write through the mapping: on the machines measured, the first store to each page of a
 * mapped file costs a page fault (7–10 µs per 4 KiB page, most of an appender's time), and forcing
 * pages written through a mapping write-protects each of them again, interrupting every CPU of the
 * process; a block written with one system call and forced with {@code fdatasync} costs neither.
 * Readers keep reading through the segment's mapping, which shows written bytes at once (one page
 * cache); an entry still in a block is written out before it is read.
 * <p>
 * Two blocks: while one is being written out (by the appender when the active block is full, or by the
 * group-commit syncer, which takes whatever the active block holds), the appender fills the other.
 * At most one block is out at a time, so blocks reach the file in order and {@link #writtenIndex} is
 * a contiguous prefix.
 * <p>
 * Threading: the appender calls {@link #append}; any thread may call {@link #drain}; the lock keeps a
 * block from being written out with half a frame in it. A failed write leaves the block's entries unwritten and is reported to the caller,
 * which fails the log.
 */
final class WriteBehind {
    /** Bytes per block; a frame larger than that gets a block of its own size (once, then reused). */
    static final int BLOCK_BYTES = 256 * 1024;

    /** Writes a block's bytes at a position of its segment's file. */
    interface Writer {
        void write(Segment segment, ByteBuffer bytes, int position) throws IOException;
    }

    private static final class Block {
        private ByteBuffer bytes;
        private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        private Segment segment;
        /** File position of the block's first byte. */
        private int start;
        private int used;
        private long lastIndex;

        Block(int capacity) {
            allocate(capacity);
        }

        void allocate(int capacity) {
            bytes = ByteBuffer.allocateDirect(capacity);
            buffer.wrap(bytes);
        }

        void reset(Segment segment, int start) {
            this.segment = segment;
            this.start = start;
            this.used = 0;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition returned = lock.newCondition();
    private final Writer writer;
    /** Guarded by {@link #lock}. */
    private Block active;
    /** The block not active; null while it is being written out. Guarded by {@link #lock}. */
    private Block spare;
    /** Every entry at or below this index is in its segment's file (not necessarily durable). */
    private volatile long writtenIndex;

    WriteBehind(Writer writer, Segment tail, long lastIndex) {
        this.writer = writer;
        this.active = new Block(BLOCK_BYTES);
        this.spare = new Block(BLOCK_BYTES);
        restart(tail, tail.writePosition, lastIndex);
    }

    /**
     * Starts over at {@code position} of {@code tail}, after {@link #drain} (a roll, a truncation, a reset):
     * everything before is written.
     */
    void restart(Segment tail, int position, long lastIndex) {
        lock.lock();
        try {
            awaitSpare();
            active.reset(tail, position);
            tail.writtenPosition = position;
            writtenIndex = lastIndex;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Encodes a frame ({@link FrameDescriptor}) into the active block, writing the block out first when
     * the frame does not fit. The payload's bounds are the caller's to check.
     *
     * @return whether a block was written out first.
     */
    boolean append(long index, long term, int type, DirectBuffer payload, int offset, int length, int alignedLength)
        throws IOException {
        boolean wroteOut = false;
        lock.lock();
        try {
            if (active.used + alignedLength > active.bytes.capacity()) {
                if (active.used > 0) {
                    writeOutLocked();
                    wroteOut = true;
                }
                if (alignedLength > active.bytes.capacity()) {
                    active.allocate(BitUtil.findNextPositivePowerOfTwo(alignedLength));
                }
            }
            AtomicBuffer buffer = active.buffer;
            int at = active.used;
            int frameLength = HEADER_LENGTH + length;
            buffer.putInt(at + LENGTH_OFFSET, frameLength);
            buffer.putLong(at + TERM_OFFSET, term);
            buffer.putLong(at + INDEX_OFFSET, index);
            buffer.putInt(at + TYPE_OFFSET, type);
            buffer.putInt(at + RESERVED_OFFSET, 0);
            buffer.putBytes(at + HEADER_LENGTH, payload, offset, length);
            // Padding is zero, as the file is past its last frame.
            buffer.setMemory(at + frameLength, alignedLength - frameLength, (byte)0);
            buffer.putInt(at + CRC_OFFSET, FrameDescriptor.computeCrc(buffer, at, frameLength));
            active.used = at + alignedLength;
            active.lastIndex = index;
        } finally {
            lock.unlock();
        }
        return wroteOut;
    }

    /** Writes out everything encoded so far, waiting for a block another thread is writing. */
    void drain() throws IOException {
        lock.lock();
        try {
            awaitSpare();
            if (active.used > 0) {
                writeOutLocked();
            }
            awaitSpare();
        } finally {
            lock.unlock();
        }
    }

    /** Whether every entry at or below {@code index} is in the file. */
    boolean written(long index) {
        return index <= writtenIndex;
    }

    long writtenIndex() {
        return writtenIndex;
    }

    /**
     * Swaps the active block for the spare and writes it out without holding the lock (the appender
     * goes on filling the other block). Called and returns with the lock held.
     */
    private void writeOutLocked() throws IOException {
        awaitSpare();
        Block out = active;
        active = spare;
        spare = null;
        active.reset(out.segment, out.start + out.used);
        lock.unlock();
        IOException failure = null;
        try {
            out.bytes.limit(out.used).position(0);
            writer.write(out.segment, out.bytes, out.start);
        } catch (IOException e) {
            failure = e;
        } finally {
            out.bytes.clear();
            lock.lock();
        }
        spare = out;
        returned.signalAll();
        if (failure != null) {
            // The entries stay unwritten: the log stops (the caller fails it), so nothing reports them durable.
            throw failure;
        }
        out.segment.writtenPosition = out.start + out.used;
        writtenIndex = out.lastIndex;
    }

    private void awaitSpare() {
        while (spare == null) {
            returned.awaitUninterruptibly();
        }
    }
}

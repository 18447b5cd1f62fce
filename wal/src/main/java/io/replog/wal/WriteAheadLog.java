package io.replog.wal;

import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.MappedFile;
import io.replog.wal.storage.Storage;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static io.replog.wal.FrameDescriptor.HEADER_LENGTH;

/**
 * A segmented write-ahead log of entries {@code (index, term, type, payload)}: appended with positional writes of
 * whole blocks ({@link WriteBehind}), read through the segments' memory maps.
 * <p>
 * Files (see {@link SegmentDescriptor}, {@link FrameDescriptor}): a directory of preallocated segments
 * named by their first index; indexes are contiguous across segments with no gaps; only the last
 * segment is open for appends, all others are sealed (forced, immutable). The term of entries never
 * decreases along the log. After a roll the new last segment takes appends under its temporary name
 * until its header is forced and it is renamed into place, off the appending thread or by the next
 * {@link #flush()} or force ({@link SegmentSealer}).
 * <p>
 * Threading: one thread appends, truncates and reads. {@link #durableIndex()} may be read from any
 * thread. Under {@link SyncPolicy#BATCH} a syncer thread owned by the log forces what was appended
 * (group commit) and advances the durable index; it forces with the structure lock released, and whatever
 * truncates, deletes or unmaps segments waits for it first ({@link TailForcer}).
 * <p>
 * Failure: a failed force makes the log fail-stop ({@link LogFailedException} from every later call):
 * it never reports durability it does not have. Running out of disk when a new segment is needed fails
 * that append with an {@link IOException}; everything already written stays readable.
 */
public final class WriteAheadLog implements AutoCloseable {
    private final Storage storage;
    private final WalConfig config;
    private final AutoCloseable directoryLock;
    private final ReentrantLock structureLock = new ReentrantLock();
    /** The segments in index order, the index lookup and the corruptions found; its lists are aliased below. */
    private final SegmentTable table;
    private final List<Segment> segments;
    private final List<Corruption> corruptions;
    private final RecoveryReport recovery;
    private final Batch batch = new Batch();
    private final UnsafeBuffer arrayWrapper = new UnsafeBuffer(new byte[0]);
    private final GroupCommitSyncer syncer;
    private final SegmentPreallocator preallocator;
    /** Forces sealed segments off the appending thread, ahead of the directory sync. */
    private final SegmentSealer sealer;
    /** Index arrays of deleted segments, reused by new ones. */
    private final IndexPool indexPool = new IndexPool();
    private final LogTruncation truncation;
    /** Frames are encoded here and written to the tail's file in blocks. */
    private final WriteBehind writeBehind;
    /** Forces the tail and publishes the durable index. */
    private final TailForcer forcer;
    /** The segment taking appends. Changed only under {@link #structureLock}. */
    private Segment tail;
    private long lastIndex;
    private long lastTerm;
    /** Last index whose frame is fully written; read by the syncer. */
    private volatile long publishedIndex;
    private volatile IOException failure;
    private boolean closed;

    private WriteAheadLog(Storage storage, WalConfig config, AutoCloseable directoryLock, List<Segment> segments,
                          RecoveryReport recovery) {
        this.storage = storage;
        this.config = config;
        this.directoryLock = directoryLock;
        this.table = new SegmentTable(segments, storage.describe());
        this.segments = table.segments;
        this.corruptions = table.corruptions;
        this.recovery = recovery;
        this.corruptions.addAll(recovery.corruptions());
        this.tail = segments.get(segments.size() - 1);
        this.lastIndex = tail.lastIndex();
        this.lastTerm = tail.lastTerm;
        this.publishedIndex = lastIndex;
        this.syncer = config.syncPolicy() == SyncPolicy.BATCH ? new GroupCommitSyncer(this, storage.describe()) : null;
        this.preallocator = config.preallocateAhead() ?
            new SegmentPreallocator(storage, config.segmentLengthBytes(), config.reserveSpace()) : null;
        this.sealer = new SegmentSealer(structureLock, storage, this::fail, () -> closed || failure != null);
        this.truncation = new LogTruncation(storage, table, this::fail, config.segmentLengthBytes(), indexPool);
        this.writeBehind = new WriteBehind(this::writeBlock, tail, lastIndex);
        this.forcer = new TailForcer(structureLock, sealer, writeBehind, () -> this.tail, () -> closed || failure != null,
            this::fail, config.durabilityListener(), lastIndex);
    }

    /** Opens (or creates) the log in a real directory. */
    public static WriteAheadLog open(Path directory, WalConfig config) throws IOException {
        return open(new FileStorage(directory), config);
    }

    /**
     * Opens the log: removes half-created segments, scans the last segment, cuts off a torn write at its
     * tail and forces what remains, so that everything up to {@link #lastIndex()} is durable.
     */
    public static WriteAheadLog open(Storage storage, WalConfig config) throws IOException {
        return LogRecovery.open(storage, config);
    }

    static WriteAheadLog create(Storage storage, WalConfig config, AutoCloseable lock, List<Segment> segments,
                                RecoveryReport report) {
        WriteAheadLog log = new WriteAheadLog(storage, config, lock, segments, report);
        if (log.syncer != null) {
            log.syncer.start();
        }
        if (log.preallocator != null) {
            log.preallocator.start();
        }
        return log;
    }

    // ---------------------------------------------------------------- appending

    /** Appends one entry and syncs it according to the policy. @return its index. */
    public long append(long term, int type, DirectBuffer payload, int offset, int length) throws IOException {
        long index = writeFrame(term, type, payload, offset, length);
        afterAppend();
        return index;
    }

    /** Appends one entry from an array (copied into the mapped segment). */
    public long append(long term, int type, byte[] payload) throws IOException {
        arrayWrapper.wrap(payload);
        return append(term, type, arrayWrapper, 0, payload.length);
    }

    /** A reusable batch: entries added to it are synced once, on {@link Batch#commit()}. */
    public Batch batch() {
        return batch;
    }

    /** Entries written one by one and synced once. Reusable; owned by the log; single-threaded. */
    public final class Batch {
        private Batch() {
        }

        public Batch add(long term, int type, DirectBuffer payload, int offset, int length) throws IOException {
            writeFrame(term, type, payload, offset, length);
            return this;
        }

        public Batch add(long term, int type, byte[] payload) throws IOException {
            arrayWrapper.wrap(payload);
            return add(term, type, arrayWrapper, 0, payload.length);
        }

        /**
         * Syncs everything added per the policy; under {@link SyncPolicy#NONE} writes it to the file
         * without forcing it ({@link #flush()}). @return the log's last index.
         */
        public long commit() throws IOException {
            if (config.syncPolicy() == SyncPolicy.NONE) {
                writeBehind.drain();
            } else {
                afterAppend();
            }
            return lastIndex;
        }
    }

    private long writeFrame(long term, int type, DirectBuffer payload, int offset, int length) throws IOException {
        checkUsable();
        if (term < lastTerm) {
            throw new IllegalArgumentException("term " + term + " is below the last entry's term " + lastTerm +
                " in " + storage.describe() + ": a log's terms never decrease");
        }
        if (length < 0 || offset < 0 || offset > payload.capacity() - length) {
            // Checked before any byte is written: a half-written header would stay behind the last frame.
            throw new IndexOutOfBoundsException("payload [" + offset + ", " + ((long)offset + length) +
                ") is outside its buffer of " + payload.capacity() + " bytes");
        }
        int alignedLength = FrameDescriptor.alignedLength(length);
        if (tail.writePosition + alignedLength > tail.lengthBytes) {
            roll(alignedLength);
        }
        Segment segment = tail;
        int position = segment.writePosition;
        long index = lastIndex + 1;
        if (writeBehind.append(index, term, type, payload, offset, length, alignedLength) && preallocator != null) {
            preallocator.keepUp((double)segment.writtenPosition / segment.lengthBytes);
        }
        segment.positions.addInt(position);
        segment.writePosition = position + alignedLength;
        segment.lastTerm = term;
        lastIndex = index;
        lastTerm = term;
        publishedIndex = index;
        return index;
    }

    /** How {@link WriteBehind} writes a block: any failure stops the log (what reached the file is unknown). */
    private void writeBlock(Segment segment, ByteBuffer bytes, int position) throws IOException {
        try {
            segment.file.write(bytes, position);
        } catch (IOException | RuntimeException e) {
            throw fail("writing " + bytes.remaining() + " bytes at offset " + position + " of segment " + segment.name, e);
        }
    }

    private void afterAppend() throws IOException {
        switch (config.syncPolicy()) {
            case ALWAYS -> sync();
            case BATCH -> syncer.wake();
            case NONE -> {
            }
        }
    }

    /**
     * Seals the tail and starts the next segment. A sealed segment is forced before any later segment's
     * name is made durable, whatever the policy, so that recovery may treat every sealed segment as whole.
     * With spares prepared in the background the appender does not wait for that force: sealed segments
     * queue for the sealing thread, which forces them outside the lock and syncs the directory once none
     * is left unforced, and every force of the tail seals what is still queued first, so no entry of a
     * newer segment is reported durable before that. Until then a crash loses the newer names, and the
     * oldest unforced segment is the last one again. (Sealing in line stalled a node's thread for 40-100
     * ms at every roll under group commit.) Likewise the new segment's header is forced and its file
     * renamed into place by the sealing thread ({@link SegmentSealer#publishInBackground()}), or by the
     * first force or flush that needs it, while appends already go into it.
     */
    private void roll(int alignedLength) throws IOException {
        int capacity = config.segmentLengthBytes() - SegmentDescriptor.HEADER_LENGTH;
        if (alignedLength > capacity) {
            throw new IllegalArgumentException("an entry of " + (alignedLength - HEADER_LENGTH) + " bytes does not fit " +
                "in a segment of " + config.segmentLengthBytes() + " bytes; raise segmentLengthBytes");
        }
        boolean sealInBackground = preallocator != null;
        // A sealed segment is whole in its file before anything forces it.
        writeBehind.drain();
        structureLock.lock();
        try {
            if (!sealInBackground) {
                forcer.forceTail();
            }
            long firstIndex = lastIndex + 1;
            // A spare prepared in the background saves writing a segment of zeros here. Without one, a
            // full disk fails here and leaves the log usable; appends resume once space is freed.
            MappedFile spare = preallocator == null ? null : preallocator.take();
            MappedFile file = spare != null ? spare :
                SegmentFiles.allocate(storage, config.segmentLengthBytes(), firstIndex);
            Segment next;
            if (sealInBackground) {
                // Published (header forced, renamed into place) off this thread: see SegmentSealer.
                next = SegmentFiles.prepare(file, firstIndex, lastTerm);
            } else {
                try {
                    next = SegmentFiles.install(storage, file, firstIndex, lastTerm, true);
                } catch (IOException | RuntimeException e) {
                    throw fail("creating segment " + SegmentDescriptor.fileName(firstIndex), e);
                }
            }
            // Sized from the segment just sealed, so that appends do not grow (allocate) the index.
            int expectedEntries = tail.positions.size();
            next.positions = indexPool.take(expectedEntries, expectedEntries + expectedEntries / 4 + 16);
            Segment sealed = tail;
            segments.add(next);
            tail = next;
            writeBehind.restart(next, next.writePosition, lastIndex);
            if (sealInBackground) {
                sealer.addUnpublished(next);
                sealer.add(sealed);
                preallocator.background(sealer::publishInBackground);
                preallocator.background(sealer::sealInBackground);
            }
        } finally {
            structureLock.unlock();
        }
    }

    // ---------------------------------------------------------------- durability

    /**
     * Hands everything appended to the operating system: a crash of this process no longer loses it, a
     * crash of the machine still may until {@link #sync()}. Under {@link SyncPolicy#NONE} appends stay in
     * the log's write-behind block (up to {@value WriteBehind#BLOCK_BYTES} bytes) until it fills, or until
     * this, {@link #sync()}, a read of them or {@link #close()}; the other policies write them out
     * themselves.
     */
    public void flush() throws IOException {
        checkUsable();
        writeBehind.drain();
        if (sealer.hasUnpublished()) {
            // Until its rename the tail is a temporary file, which recovery deletes.
            structureLock.lock();
            try {
                checkUsable();
                sealer.publishPending();
            } finally {
                structureLock.unlock();
            }
        }
    }

    /**
     * Forces everything appended so far and returns the durable index. Under {@link SyncPolicy#BATCH}
     * the syncer thread does this continuously; calling it as well is allowed.
     */
    public long sync() throws IOException {
        structureLock.lock();
        try {
            checkUsable();
            sealer.sealPending();
            forcer.forceTail();
            return forcer.durableIndex();
        } finally {
            structureLock.unlock();
        }
    }

    /** Called by the syncer thread. @return whether it forced anything. */
    boolean syncIfBehind() {
        return forcer.syncIfBehind(publishedIndex);
    }

    boolean hasUnsynced() {
        return publishedIndex > forcer.durableIndex() && failure == null && !closed;
    }

    private LogFailedException fail(String what, Throwable cause) {
        LogFailedException failed = new LogFailedException(what + " in " + storage.describe() + " failed (" +
            cause.getMessage() + "); the log has stopped and reports nothing durable past index " + forcer.durableIndex() +
            "; close and reopen it to recover from what is on disk", cause);
        failure = failed;
        return failed;
    }

    /** Every entry at or below this index is on disk. Safe to read from any thread. */
    public long durableIndex() {
        return forcer.durableIndex();
    }

    // ---------------------------------------------------------------- reading

    public long firstIndex() {
        return segments.get(0).firstIndex;
    }

    /** Index of the last entry; {@code firstIndex() - 1} when the log is empty. */
    public long lastIndex() {
        return lastIndex;
    }

    /** Term of the last entry, or of the entry before {@link #firstIndex()} when the log is empty. */
    public long lastTerm() {
        return lastTerm;
    }

    /**
     * The term of the entry at {@code index}, for {@code firstIndex() - 1 <= index <= lastIndex()}.
     *
     * @throws IndexOutOfBoundsException outside that range.
     * @throws CorruptLogException       when the entry is damaged.
     * @throws LogFailedException        when the entry had to be written out first, and that failed.
     */
    public long termAt(long index) throws IOException {
        checkOpen();
        if (index == lastIndex) {
            return lastTerm;
        }
        if (index == firstIndex() - 1) {
            return table.termBeforeFirst();
        }
        checkRange(index);
        ensureWritten(index);
        return table.termAt(index);
    }

    /**
     * Points {@code entry} at the entry with this index, after checking its CRC. The entry points into the
     * segment's mapping and stays valid until the segment is deleted (by truncation, compaction or a
     * reset); an entry still in the write-behind block is written out first.
     *
     * @return false when the index is outside {@code [firstIndex(), lastIndex()]}.
     * @throws CorruptLogException when the frame is damaged: it is never served.
     * @throws LogFailedException  when the entry had to be written out first, and that failed.
     */
    public boolean read(long index, Entry entry) throws IOException {
        checkOpen();
        if (index < firstIndex() || index > lastIndex) {
            return false;
        }
        ensureWritten(index);
        table.read(index, entry);
        return true;
    }

    private void ensureWritten(long index) throws IOException {
        if (!writeBehind.written(index)) {
            checkUsable();
            writeBehind.drain();
        }
    }

    private void checkRange(long index) {
        if (index < firstIndex() || index > lastIndex) {
            throw new IndexOutOfBoundsException("index " + index + " is outside the log [" + firstIndex() + ", " +
                lastIndex + "] in " + storage.describe());
        }
    }

    /** Damaged frames found so far (at open, and in sealed segments as they were read). */
    public List<Corruption> corruptions() {
        return Collections.unmodifiableList(corruptions);
    }

    public RecoveryReport recovery() {
        return recovery;
    }

    public List<SegmentInfo> segments() {
        return table.infos();
    }

    /** How many segments have an in-memory index; sealed ones get theirs on first use. For tests and tools. */
    int indexedSegmentCount() {
        return table.indexedCount();
    }

    /** Where the log lives, for messages. */
    public String describe() {
        return storage.describe();
    }

    // ---------------------------------------------------------------- truncation

    /**
     * Removes every entry after {@code index} (a Raft conflict). Later segments are deleted first, then
     * the rest of the containing segment is zeroed and forced, so a crash at any point leaves a prefix
     * of the old log and truncated entries never come back once this returns. Nothing changes when the
     * entry at {@code index} is damaged ({@link CorruptLogException}); a failed force or directory update
     * stops the log.
     */
    public void truncateAfter(long index) throws IOException {
        if (index >= lastIndex) {
            return;
        }
        if (index < firstIndex() - 1) {
            throw new IndexOutOfBoundsException("cannot truncate after " + index + ": the log starts at " +
                firstIndex() + " in " + storage.describe());
        }
        structureLock.lock();
        try {
            checkUsable();
            forcer.quiesce();
            checkUsable();
            writeBehind.drain();
            LogTruncation.Cut cut = truncation.cutAfter(index);
            tail = cut.tail();
            lastIndex = index;
            lastTerm = tail.lastTerm;
            publishedIndex = index;
            writeBehind.restart(tail, tail.writePosition, index);
            forcer.lowerDurableIndex(index);
            truncation.force(cut);
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Deletes whole sealed segments all of whose entries are below {@code index} (compaction after a
     * snapshot). Never deletes the last segment or any entry at or above {@code index}.
     *
     * @return the new first index.
     */
    public long deleteBefore(long index) throws IOException {
        structureLock.lock();
        try {
            checkUsable();
            forcer.quiesce();
            checkUsable();
            truncation.deleteBefore(index);
            return firstIndex();
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Discards the whole log and starts an empty one whose next entry is {@code nextIndex} (after
     * installing a snapshot that covers {@code nextIndex - 1}, taken at {@code previousTerm}).
     * <p>
     * The new segment is allocated first (a full disk fails here and changes nothing), the old names
     * are deleted newest first, and one directory sync makes the deletions and the new segment durable
     * together. A crash leaves the old log, or the new one; on a file system that writes directory
     * updates back early it may also leave a prefix of the old log or an empty directory (which opens
     * at {@link WalConfig#initialIndex()}): the caller, holding the snapshot, resets again on restart when
     * the log does not continue it. A failure after the allocation stops the log.
     */
    public void reset(long nextIndex, long previousTerm) throws IOException {
        if (nextIndex < 1) {
            throw new IllegalArgumentException("nextIndex must be at least 1, not " + nextIndex);
        }
        structureLock.lock();
        try {
            checkUsable();
            forcer.quiesce();
            checkUsable();
            writeBehind.drain();
            tail = truncation.reset(nextIndex, previousTerm);
            writeBehind.restart(tail, tail.writePosition, nextIndex - 1);
            lastIndex = nextIndex - 1;
            lastTerm = previousTerm;
            publishedIndex = lastIndex;
            forcer.resetDurableIndex(lastIndex);
        } finally {
            structureLock.unlock();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Reads of a closed log would touch unmapped memory (a JVM crash, not an exception). */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log " + storage.describe() + " is closed");
        }
    }

    private void checkUsable() throws IOException {
        checkOpen();
        IOException failed = failure;
        if (failed != null) {
            throw new LogFailedException(failed.getMessage(), failed);
        }
    }

    /** Forces what was appended (unless the log failed), stops the syncer and unmaps every segment. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (syncer != null) {
            syncer.stop();
        }
        if (preallocator != null) {
            preallocator.close();
        }
        structureLock.lock();
        try {
            // The syncer has stopped: nothing forces outside the lock any more.
            IOException forceFailure = null;
            if (failure == null) {
                try {
                    forcer.forceTail();
                } catch (IOException e) {
                    forceFailure = e;
                }
            }
            closed = true;
            for (Segment segment : segments) {
                segment.file.close();
            }
            closeQuietly(directoryLock);
            if (forceFailure != null) {
                throw forceFailure;
            }
        } finally {
            structureLock.unlock();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Releasing a lock on a closing channel cannot fail in a way the caller could act on.
        }
    }

    @Override
    public String toString() {
        return "WriteAheadLog{" + storage.describe() + ", [" + firstIndex() + ", " + lastIndex + "], durable=" +
            forcer.durableIndex() + ", segments=" + segments + '}';
    }
}

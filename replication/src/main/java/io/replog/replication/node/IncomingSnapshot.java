package io.replog.replication.node;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.PartialSnapshot;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotChunk;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.snapshot.SnapshotFileName;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotReader;
import io.replog.snapshot.SnapshotTrailerDescriptor;
import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The snapshot file a follower is receiving from its leader, written chunk by chunk into a partial
 * file in the snapshots directory and renamed to its final name once every byte is in and checked.
 * <p>
 * File invariants: at most one partial file, named {@code incoming-<term>-<index>-<lengthBytes>-<checksum>.partial}
 * (the identity of the bytes: the snapshot's last index and term, its file length and whole-file CRC32C),
 * so a restarted node knows what it was receiving and resumes after the bytes the file holds. The
 * store never takes it for a snapshot (wrong suffix) and never deletes it. Bytes are written at their
 * offset and forced with the node's group commit, before the acknowledgement that names them leaves.
 * A complete file is renamed to {@code snapshot-<term>-<index>.snap} only after its length, whole-file
 * CRC and header and trailer check out, then the directory is synced: the final name never refers to
 * an incomplete or unchecked file. One thread (the node's) uses it.
 */
final class IncomingSnapshot implements AutoCloseable {
    private static final String PREFIX = "incoming-";
    private static final String SUFFIX = ".partial";
    private static final int READ_BLOCK_BYTES = 64 * 1024;

    private final Storage storage;
    private final Path directory;
    private final NodeCounters counters;
    /** The snapshot whose partial file is open, its channel and the bytes written to it. */
    private Snapshot receiving;
    private FileChannel channel;
    private long writtenBytes;
    private boolean unforced;

    IncomingSnapshot(Storage storage, Path directory, NodeCounters counters) {
        this.storage = storage;
        this.directory = directory;
        this.counters = counters;
    }

    /**
     * Looks for a partial file left by an earlier run. A complete one is checked and, if intact, becomes a
     * snapshot of the store (the leader had committed it; the node restores it as its newest). Returns the
     * incomplete one to resume, or null. {@code bootstrap} stands in for the membership until the leader's
     * next chunk names the real one.
     */
    PartialSnapshot recover(Configuration bootstrap) throws IOException {
        if (!storage.exists()) {
            return null;
        }
        Snapshot newest = null;
        for (String name : storage.list()) {
            Optional<Snapshot> parsed = parse(name, bootstrap);
            if (parsed.isEmpty()) {
                continue;
            }
            if (newest == null || parsed.get().index() > newest.index()) {
                if (newest != null) {
                    storage.delete(name(newest));
                }
                newest = parsed.get();
            } else {
                storage.delete(name);
            }
        }
        if (newest == null) {
            return null;
        }
        long sizeBytes = Math.min(storage.size(name(newest)), newest.lengthBytes());
        if (sizeBytes == newest.lengthBytes()) {
            receiving = newest;
            writtenBytes = sizeBytes;
            finish(newest);
            return null;
        }
        counters.partialBytesAtStart = sizeBytes;
        receiving = newest;
        writtenBytes = sizeBytes;
        return new PartialSnapshot(newest, sizeBytes);
    }

    /** Writes a chunk the core accepted; a chunk at offset 0 starts a new partial file, dropping any other. */
    void write(SnapshotChunk chunk) throws IOException {
        if (chunk.offsetBytes() == 0 || !chunk.snapshot().sameBytes(receiving)) {
            if (chunk.offsetBytes() != 0) {
                throw new IllegalStateException("a chunk at offset " + chunk.offsetBytes() + " of " + chunk.snapshot() +
                    " while receiving " + receiving + ": the core hands out chunks in order");
            }
            start(chunk.snapshot());
        }
        if (chunk.offsetBytes() != writtenBytes) {
            throw new IllegalStateException("a chunk at offset " + chunk.offsetBytes() + " of " + chunk.snapshot() +
                " but " + writtenBytes + " bytes are written");
        }
        open();
        ByteBuffer bytes = ByteBuffer.wrap(chunk.data());
        long position = chunk.offsetBytes();
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
        writtenBytes = position;
        unforced = true;
        counters.chunkBytesReceived += chunk.data().length;
    }

    /** Makes every byte written durable; called with the node's group commit, before acknowledgements leave. */
    void force() throws IOException {
        if (unforced) {
            channel.force(false);
            unforced = false;
        }
    }

    /**
     * Checks the complete file (length, whole-file CRC32C against the snapshot's checksum, header and
     * trailer) and renames it to its snapshot name; a file that fails is deleted.
     *
     * @return the new snapshot, or null when the file failed its checks.
     */
    SnapshotInfo finish(Snapshot snapshot) throws IOException {
        if (!snapshot.sameBytes(receiving)) {
            throw new IllegalStateException("finishing " + snapshot + " while receiving " + receiving);
        }
        String partialName = name(snapshot);
        closeChannel();
        receiving = null;
        writtenBytes = 0;
        String problem = check(partialName, snapshot);
        if (problem != null) {
            counters.verificationFailures++;
            storage.delete(partialName);
            storage.syncDirectory();
            return null;
        }
        String finalName = new SnapshotFileName(snapshot.term(), snapshot.index()).fileName();
        storage.rename(partialName, finalName);
        storage.syncDirectory();
        return SnapshotReader.inspect(storage, finalName);
    }

    /** Why the received file is not the snapshot it should be, or null when it is. */
    private String check(String partialName, Snapshot snapshot) throws IOException {
        long size = storage.size(partialName);
        if (size != snapshot.lengthBytes()) {
            return "it holds " + size + " bytes, not " + snapshot.lengthBytes();
        }
        if (size < SnapshotTrailerDescriptor.LENGTH_BYTES) {
            return "it is too short for a trailer";
        }
        long crc = crcBeforeTrailer(partialName, size);
        if (crc != snapshot.checksum()) {
            return "whole-file CRC " + Long.toHexString(crc) + " instead of " + Long.toHexString(snapshot.checksum());
        }
        try {
            SnapshotInfo info = SnapshotReader.inspect(storage, partialName);
            if (info.lastIncludedIndex() != snapshot.index() || info.lastIncludedTerm() != snapshot.term()
                || (info.trailer().fileCrc() & 0xFFFF_FFFFL) != snapshot.checksum()) {
                return "its header and trailer describe " + info.lastIncludedTerm() + "/" + info.lastIncludedIndex();
            }
        } catch (IOException e) {
            return e.getMessage();
        }
        return null;
    }

    private long crcBeforeTrailer(String fileName, long size) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer block = ByteBuffer.allocate(READ_BLOCK_BYTES);
        long end = size - SnapshotTrailerDescriptor.LENGTH_BYTES;
        try (ReadableFile file = storage.openReadable(fileName)) {
            for (long position = 0; position < end; ) {
                block.clear().limit((int)Math.min(block.capacity(), end - position));
                int read = file.read(block, position);
                if (read < 0) {
                    break;
                }
                block.flip();
                crc.update(block);
                position += read;
            }
        }
        return crc.getValue();
    }

    private void start(Snapshot snapshot) throws IOException {
        closeChannel();
        if (receiving != null) {
            storage.delete(name(receiving));
        }
        receiving = snapshot;
        writtenBytes = 0;
        storage.createDirectory();
        channel = FileChannel.open(directory.resolve(name(snapshot)), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        // The name must survive a crash too, or the acknowledged bytes would vanish with it.
        storage.syncDirectory();
    }

    private void open() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(directory.resolve(name(receiving)), StandardOpenOption.WRITE);
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
            unforced = false;
        }
    }

    static String name(Snapshot snapshot) {
        return PREFIX + snapshot.term() + "-" + snapshot.index() + "-" + snapshot.lengthBytes() + "-" +
            Long.toHexString(snapshot.checksum()) + SUFFIX;
    }

    private static Optional<Snapshot> parse(String name, Configuration bootstrap) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        String[] parts = name.substring(PREFIX.length(), name.length() - SUFFIX.length()).split("-");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            long term = Long.parseLong(parts[0]);
            long index = Long.parseLong(parts[1]);
            long length = Long.parseLong(parts[2]);
            long checksum = Long.parseUnsignedLong(parts[3], 16);
            return Optional.of(new Snapshot(new SnapshotMeta(index, term, bootstrap), length, checksum));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }
}

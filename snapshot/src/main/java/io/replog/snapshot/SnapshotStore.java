package io.replog.snapshot;

import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The snapshots of one node, in one directory ({@code DIR/snapshots}).
 * <p>
 * Directory invariants:
 * <ul>
 * <li>A file named {@code snapshot-<term>-<index>.snap} was forced before it got that name (see
 * {@link SnapshotWriter}); if it fails its checks it is damaged media or tampering, never a
 * crash artefact. Damaged files are reported and kept, never served and never deleted.</li>
 * <li>{@code *.snap.tmp} files are writers in flight, or left behind by a crashed writer; they are
 * never snapshots. {@link #retain(int)} deletes the ones no writer of this store owns.</li>
 * <li>A snapshot's header names the same index and term as its file name; a file whose header
 * disagrees is damaged.</li>
 * </ul>
 * Thread-safe: a snapshot may be written on a background thread while another thread lists.
 */
public final class SnapshotStore {
    public static final int DEFAULT_KEEP_NEWEST = 2;

    private final Storage storage;
    private final LongSupplier epochMillisClock;
    private final int chunkLengthBytes;
    private final ChunkThreading threading;
    private final Set<String> temporaryFilesInFlight = new HashSet<>();

    /**
     * @param storage          the snapshots directory.
     * @param epochMillisClock stamps each snapshot's creation time (shown as its age).
     * @param chunkLengthBytes uncompressed bytes per chunk: what writers and readers buffer.
     * @param threading        whether writers and readers overlap chunk work with the caller.
     */
    public SnapshotStore(Storage storage, LongSupplier epochMillisClock, int chunkLengthBytes,
        ChunkThreading threading) {
        SnapshotHeaderDescriptor.checkChunkLength(chunkLengthBytes);
        this.storage = storage;
        this.epochMillisClock = epochMillisClock;
        this.chunkLengthBytes = chunkLengthBytes;
        this.threading = threading;
    }

    /** Real time, 1 MiB chunks, chunk work on helper threads. */
    public SnapshotStore(Storage storage) {
        this(storage, System::currentTimeMillis, SnapshotHeaderDescriptor.DEFAULT_CHUNK_LENGTH_BYTES,
            ChunkThreading.BACKGROUND);
    }

    /** The store over a real directory, such as {@code DIR/snapshots}. */
    public static SnapshotStore open(Path snapshotsDirectory) {
        return new SnapshotStore(new FileStorage(snapshotsDirectory));
    }

    public Storage storage() {
        return storage;
    }

    /**
     * Starts a snapshot of the state through {@code lastIncludedIndex}. Write the state into the
     * returned writer and {@link SnapshotWriter#commit()} it.
     */
    public SnapshotWriter begin(long lastIncludedIndex, long lastIncludedTerm, ClusterConfiguration configuration,
        byte[] metadata) throws IOException {
        SnapshotHeader header = new SnapshotHeader(SnapshotHeaderDescriptor.FORMAT_VERSION, lastIncludedIndex,
            lastIncludedTerm, epochMillisClock.getAsLong(), chunkLengthBytes, configuration, metadata);
        String temporaryName = header.fileName().temporaryName();
        synchronized (temporaryFilesInFlight) {
            if (!temporaryFilesInFlight.add(temporaryName)) {
                throw new IllegalStateException("snapshot " + header.fileName().fileName() + " is already being " +
                    "written; wait for that writer to finish");
            }
        }
        try {
            storage.createDirectory();
            return SnapshotWriter.create(storage, header, threading, () -> finished(temporaryName));
        } catch (IOException | RuntimeException e) {
            finished(temporaryName);
            throw e;
        }
    }

    /** Every snapshot file, oldest first, each checked quickly (header and trailer). */
    public List<SnapshotListing> list() throws IOException {
        List<SnapshotListing> listings = new ArrayList<>();
        for (String fileName : fileNames()) {
            SnapshotFileName.parse(fileName).ifPresent(name -> listings.add(listing(name)));
        }
        listings.sort(Comparator.comparing(SnapshotListing::name, SnapshotFileName.OLDEST_FIRST));
        return listings;
    }

    /** The snapshot with the highest index that passes the quick check, if any. */
    public Optional<SnapshotInfo> newestValid() throws IOException {
        List<SnapshotListing> listings = list();
        for (int i = listings.size() - 1; i >= 0; i--) {
            if (listings.get(i).valid()) {
                return Optional.of(listings.get(i).info());
            }
        }
        return Optional.empty();
    }

    /** Temporary files in the directory, including those of writers in flight. */
    public List<String> temporaryFiles() throws IOException {
        List<String> temporary = new ArrayList<>();
        for (String fileName : fileNames()) {
            if (SnapshotFileName.isTemporary(fileName)) {
                temporary.add(fileName);
            }
        }
        temporary.sort(Comparator.naturalOrder());
        return temporary;
    }

    public SnapshotReader open(String fileName) throws IOException {
        return SnapshotReader.open(storage, fileName, threading);
    }

    /** Reads one snapshot completely and checks everything; damage is a result, other IO errors throw. */
    public VerifyResult verify(String fileName) throws IOException {
        return SnapshotVerifier.verify(storage, fileName, threading);
    }

    /**
     * Keeps the newest {@code keepNewestValid} valid snapshots, deletes older valid ones and the
     * temporary files no writer of this store owns, then syncs the directory once.
     */
    public RetentionResult retain(int keepNewestValid) throws IOException {
        if (keepNewestValid < 1) {
            throw new IllegalArgumentException("keep at least 1 snapshot, not " + keepNewestValid);
        }
        List<String> kept = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        List<SnapshotListing> listings = list();
        for (int i = listings.size() - 1; i >= 0; i--) {
            SnapshotListing listing = listings.get(i);
            if (!listing.valid()) {
                damaged.add(listing.fileName());
            } else if (kept.size() < keepNewestValid) {
                kept.add(listing.fileName());
            } else {
                deleted.add(listing.fileName());
            }
        }
        List<String> deletedTemporary = abandonedTemporaryFiles();
        for (String fileName : deleted) {
            storage.delete(fileName);
        }
        for (String fileName : deletedTemporary) {
            storage.delete(fileName);
        }
        if (!deleted.isEmpty() || !deletedTemporary.isEmpty()) {
            storage.syncDirectory();
        }
        return new RetentionResult(kept, deleted, deletedTemporary, damaged);
    }

    private List<String> abandonedTemporaryFiles() throws IOException {
        List<String> abandoned = new ArrayList<>(temporaryFiles());
        synchronized (temporaryFilesInFlight) {
            abandoned.removeAll(temporaryFilesInFlight);
        }
        return abandoned;
    }

    private SnapshotListing listing(SnapshotFileName name) {
        long fileLength = -1;
        try {
            fileLength = storage.size(name.fileName());
            SnapshotInfo info = SnapshotReader.inspect(storage, name.fileName());
            if (!info.header().fileName().equals(name)) {
                return SnapshotListing.damaged(name, fileLength, SnapshotDamagedException.inHeader(name.fileName(),
                    SnapshotHeaderDescriptor.LAST_INCLUDED_INDEX_OFFSET, "the header says term " +
                        info.lastIncludedTerm() + " index " + info.lastIncludedIndex() + ", unlike the file name"));
            }
            return SnapshotListing.valid(info);
        } catch (SnapshotDamagedException e) {
            return SnapshotListing.damaged(name, fileLength, e);
        } catch (IOException e) {
            return SnapshotListing.damaged(name, fileLength, SnapshotDamagedException.inHeader(name.fileName(), 0,
                "cannot be read: " + e));
        }
    }

    private List<String> fileNames() throws IOException {
        return storage.exists() ? storage.list() : List.of();
    }

    private void finished(String temporaryName) {
        synchronized (temporaryFilesInFlight) {
            temporaryFilesInFlight.remove(temporaryName);
        }
    }
}

package io.replog.snapshot.command;

import io.replog.snapshot.ClusterConfiguration;
import io.replog.snapshot.NodeDirectory;
import io.replog.snapshot.SnapshotDamagedException;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotListing;
import io.replog.snapshot.SnapshotReader;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.VerifyResult;
import io.replog.snapshot.compaction.CompactionResult;
import io.replog.snapshot.compaction.Compactor;
import io.replog.snapshot.compaction.WalCompactableLog;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.storage.FileStorage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code replog snapshot list|inspect|verify|compact} as plain functions: each returns a result
 * with everything to print (as text or JSON) and its exit status (0 clean, 1 damage found). An
 * {@link IOException} means the command could not run at all (missing directory, log in use):
 * exit status 2. Every function but {@code compact} only reads.
 * <p>
 * A DIR argument is a node directory holding {@code snapshots/} (and {@code log/}), or for
 * {@code list} and {@code verify} a snapshots directory itself.
 */
public final class SnapshotCommands {
    public static final int OK = 0;
    public static final int FOUND_DAMAGE = 1;

    private SnapshotCommands() {
    }

    // ---------------------------------------------------------------- list

    /** One snapshot file as {@code list} shows it. Age is -1 when the header cannot be trusted. */
    public record ListedSnapshot(String fileName, long index, long term, long fileLengthBytes, long ageMillis,
        boolean valid, String problem) {
    }

    public record ListResult(String directory, List<ListedSnapshot> snapshots, List<String> temporaryFiles) {
        public int exitCode() {
            return snapshots.stream().allMatch(ListedSnapshot::valid) ? OK : FOUND_DAMAGE;
        }
    }

    /** {@code list DIR}: every snapshot, oldest first, checked quickly (header and trailer). */
    public static ListResult list(Path directory, long nowEpochMillis) throws IOException {
        Path snapshots = snapshotsDirectory(directory);
        SnapshotStore store = SnapshotStore.open(snapshots);
        List<ListedSnapshot> listed = new ArrayList<>();
        for (SnapshotListing listing : store.list()) {
            if (listing.valid()) {
                SnapshotInfo info = listing.info();
                listed.add(new ListedSnapshot(listing.fileName(), info.lastIncludedIndex(), info.lastIncludedTerm(),
                    listing.fileLengthBytes(), nowEpochMillis - info.header().createdEpochMillis(), true, null));
            } else {
                listed.add(new ListedSnapshot(listing.fileName(), listing.name().index(), listing.name().term(),
                    listing.fileLengthBytes(), -1, false, listing.damage().getMessage()));
            }
        }
        return new ListResult(snapshots.toString(), listed, store.temporaryFiles());
    }

    // ---------------------------------------------------------------- inspect

    public record InspectResult(String file, SnapshotInfo info, String problem) {
        public int exitCode() {
            return problem == null ? OK : FOUND_DAMAGE;
        }

        /** Present when the header and trailer checked out. */
        public Optional<SnapshotInfo> infoIfValid() {
            return Optional.ofNullable(info);
        }

        public Optional<ClusterConfiguration> configuration() {
            return infoIfValid().map(i -> i.header().configuration());
        }
    }

    /**
     * {@code inspect FILE}: header (index, term, creation time, chunk length, configuration,
     * metadata) and trailer (chunk count, lengths, hence the compression ratio). Reads no chunk.
     */
    public static InspectResult inspect(Path file) throws IOException {
        requireFile(file);
        try {
            SnapshotInfo info = SnapshotReader.inspect(new FileStorage(parentOf(file)), file.getFileName().toString());
            return new InspectResult(file.toString(), info, null);
        } catch (SnapshotDamagedException e) {
            return new InspectResult(file.toString(), null, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- verify

    /** Every file checked completely; temporary files are named but never checked or counted. */
    public record VerifyReport(List<VerifyResult> results, List<String> ignoredTemporaryFiles) {
        public int exitCode() {
            return results.stream().allMatch(VerifyResult::valid) ? OK : FOUND_DAMAGE;
        }

        public List<SnapshotDamagedException> damage() {
            return results.stream().flatMap(r -> r.damageIfAny().stream()).toList();
        }
    }

    /** {@code verify DIR|FILE}: reads every chunk and the trailer of one file or of every snapshot. */
    public static VerifyReport verify(Path directoryOrFile) throws IOException {
        if (Files.isRegularFile(directoryOrFile)) {
            SnapshotStore store = SnapshotStore.open(parentOf(directoryOrFile));
            return new VerifyReport(List.of(store.verify(directoryOrFile.getFileName().toString())), List.of());
        }
        SnapshotStore store = SnapshotStore.open(snapshotsDirectory(directoryOrFile));
        List<VerifyResult> results = new ArrayList<>();
        for (SnapshotListing listing : store.list()) {
            results.add(store.verify(listing.fileName()));
        }
        return new VerifyReport(results, store.temporaryFiles());
    }

    // ---------------------------------------------------------------- compact

    /**
     * @param snapshotUsed     the newest snapshot that passed a full read, if any.
     * @param damagedSkipped   newer snapshots passed over because they failed the full read.
     * @param firstIndexBefore the log's first index before compaction.
     * @param compaction       what was (or, for a dry run, would be) deleted; empty without a snapshot.
     */
    public record CompactReport(String directory, Optional<String> snapshotUsed, List<String> damagedSkipped,
        long firstIndexBefore, Optional<CompactionResult> compaction) {

        public int exitCode() {
            return damagedSkipped.isEmpty() ? OK : FOUND_DAMAGE;
        }
    }

    /**
     * {@code compact DIR [--retain N] [--dry-run]}: deletes the log segments covered by the newest
     * snapshot that verifies completely, keeping {@code retainEntries} entries below it. Opens the
     * log, so it fails (exit 2) while a node runs on the directory.
     */
    public static CompactReport compact(Path nodeDirectory, long retainEntries, boolean dryRun) throws IOException {
        NodeDirectory node = NodeDirectory.of(nodeDirectory);
        requireDirectory(nodeDirectory.resolve(NodeDirectory.LOG_DIRECTORY));
        SnapshotStore store = node.snapshotStore();
        List<String> damagedSkipped = new ArrayList<>();
        SnapshotInfo newestVerified = null;
        List<SnapshotListing> listings = store.list();
        for (int i = listings.size() - 1; i >= 0 && newestVerified == null; i--) {
            VerifyResult verified = listings.get(i).valid() ? store.verify(listings.get(i).fileName()) : null;
            if (verified != null && verified.valid()) {
                newestVerified = verified.info();
            } else {
                damagedSkipped.add(listings.get(i).fileName());
            }
        }
        WalConfig config = new WalConfig().createIfMissing(false).preallocateAhead(false)
            .syncPolicy(SyncPolicy.ALWAYS);
        try (WriteAheadLog log = node.openLog(config)) {
            long firstIndexBefore = log.firstIndex();
            Optional<CompactionResult> result = Optional.empty();
            if (newestVerified != null) {
                result = Optional.of(Compactor.compactAfter(newestVerified, new WalCompactableLog(log), retainEntries,
                    dryRun));
            }
            return new CompactReport(nodeDirectory.toString(), result.map(CompactionResult::snapshotFileName),
                damagedSkipped, firstIndexBefore, result);
        }
    }

    // ---------------------------------------------------------------- paths

    private static Path snapshotsDirectory(Path directory) throws IOException {
        requireDirectory(directory);
        Path nested = directory.resolve(NodeDirectory.SNAPSHOTS_DIRECTORY);
        return Files.isDirectory(nested) ? nested : directory;
    }

    private static Path parentOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static void requireDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "not a directory; give a node directory " +
                "(holding log/ and snapshots/) or a snapshots directory");
        }
    }

    private static void requireFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a snapshot file");
        }
    }
}

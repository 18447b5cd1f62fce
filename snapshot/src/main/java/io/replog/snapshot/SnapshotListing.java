package io.replog.snapshot;

import java.util.Optional;

/**
 * One file in a snapshots directory whose name is a snapshot name, as a quick check (header and
 * trailer, not every chunk) found it: valid with its {@link SnapshotInfo}, or damaged with the
 * reason. Temporary files are never listed as snapshots.
 */
public record SnapshotListing(SnapshotFileName name, long fileLengthBytes, SnapshotInfo info,
    SnapshotDamagedException damage) {

    public static SnapshotListing valid(SnapshotInfo info) {
        return new SnapshotListing(info.header().fileName(), info.fileLengthBytes(), info, null);
    }

    public static SnapshotListing damaged(SnapshotFileName name, long fileLengthBytes,
        SnapshotDamagedException damage) {
        return new SnapshotListing(name, fileLengthBytes, null, damage);
    }

    public String fileName() {
        return name.fileName();
    }

    public boolean valid() {
        return damage == null;
    }

    public Optional<SnapshotInfo> validInfo() {
        return Optional.ofNullable(info);
    }
}

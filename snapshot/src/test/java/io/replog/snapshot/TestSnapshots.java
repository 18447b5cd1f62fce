package io.replog.snapshot;

/** Snapshot descriptions for tests of code that only looks at a snapshot's index. */
public final class TestSnapshots {
    private TestSnapshots() {
    }

    /** A description of a snapshot at {@code index} (term 1, empty state); no file exists. */
    public static SnapshotInfo at(long index) {
        SnapshotHeader header = new SnapshotHeader(SnapshotHeaderDescriptor.FORMAT_VERSION, index, 1, 0,
            SnapshotHeaderDescriptor.DEFAULT_CHUNK_LENGTH_BYTES, ClusterConfiguration.EMPTY, new byte[0]);
        return new SnapshotInfo(header.fileName().fileName(), header, new SnapshotTrailer(0, 0, 100, 0));
    }
}

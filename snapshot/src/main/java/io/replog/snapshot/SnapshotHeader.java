package io.replog.snapshot;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a snapshot says about itself before its state: the last log entry it includes, the cluster
 * configuration as of that entry, when it was taken, the largest uncompressed chunk a reader must
 * buffer, and opaque metadata for the application (for example its own format version).
 */
public final class SnapshotHeader {
    private final int formatVersion;
    private final long lastIncludedIndex;
    private final long lastIncludedTerm;
    private final long createdEpochMillis;
    private final int chunkLengthBytes;
    private final ClusterConfiguration configuration;
    private final byte[] metadata;

    public SnapshotHeader(int formatVersion, long lastIncludedIndex, long lastIncludedTerm, long createdEpochMillis,
        int chunkLengthBytes, ClusterConfiguration configuration, byte[] metadata) {
        if (lastIncludedIndex < 0 || lastIncludedTerm < 0) {
            throw new IllegalArgumentException("last included index and term must be >= 0: index=" +
                lastIncludedIndex + " term=" + lastIncludedTerm);
        }
        SnapshotHeaderDescriptor.checkChunkLength(chunkLengthBytes);
        this.formatVersion = formatVersion;
        this.lastIncludedIndex = lastIncludedIndex;
        this.lastIncludedTerm = lastIncludedTerm;
        this.createdEpochMillis = createdEpochMillis;
        this.chunkLengthBytes = chunkLengthBytes;
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.metadata = metadata.clone();
    }

    public int formatVersion() {
        return formatVersion;
    }

    public long lastIncludedIndex() {
        return lastIncludedIndex;
    }

    public long lastIncludedTerm() {
        return lastIncludedTerm;
    }

    public long createdEpochMillis() {
        return createdEpochMillis;
    }

    /** The largest number of uncompressed bytes in one chunk. */
    public int chunkLengthBytes() {
        return chunkLengthBytes;
    }

    public ClusterConfiguration configuration() {
        return configuration;
    }

    public byte[] metadata() {
        return metadata.clone();
    }

    public SnapshotFileName fileName() {
        return new SnapshotFileName(lastIncludedTerm, lastIncludedIndex);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SnapshotHeader that && formatVersion == that.formatVersion &&
            lastIncludedIndex == that.lastIncludedIndex && lastIncludedTerm == that.lastIncludedTerm &&
            createdEpochMillis == that.createdEpochMillis && chunkLengthBytes == that.chunkLengthBytes &&
            configuration.equals(that.configuration) && Arrays.equals(metadata, that.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastIncludedIndex, lastIncludedTerm, createdEpochMillis, configuration);
    }

    @Override
    public String toString() {
        return "SnapshotHeader{version=" + formatVersion + ", index=" + lastIncludedIndex + ", term=" +
            lastIncludedTerm + ", created=" + createdEpochMillis + ", chunkLengthBytes=" + chunkLengthBytes +
            ", configuration=" + configuration + ", metadataBytes=" + metadata.length + "}";
    }
}

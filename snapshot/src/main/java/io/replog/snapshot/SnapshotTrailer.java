package io.replog.snapshot;

/** The counts a complete snapshot file ends with; see {@link SnapshotTrailerDescriptor}. */
public record SnapshotTrailer(long chunkCount, long uncompressedLengthBytes, long fileLengthBytes, int fileCrc) {
}

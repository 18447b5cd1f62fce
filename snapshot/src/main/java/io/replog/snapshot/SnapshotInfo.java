package io.replog.snapshot;

/** A complete snapshot file as its header and trailer describe it. */
public record SnapshotInfo(String fileName, SnapshotHeader header, SnapshotTrailer trailer) {
    public long lastIncludedIndex() {
        return header.lastIncludedIndex();
    }

    public long lastIncludedTerm() {
        return header.lastIncludedTerm();
    }

    public long fileLengthBytes() {
        return trailer.fileLengthBytes();
    }

    public long uncompressedLengthBytes() {
        return trailer.uncompressedLengthBytes();
    }

    /** Uncompressed state bytes per file byte; above 1 when compression helped. */
    public double compressionRatio() {
        return trailer.fileLengthBytes() == 0 ? 0 : (double)trailer.uncompressedLengthBytes() / trailer.fileLengthBytes();
    }
}

package io.replog.snapshot;

import java.io.IOException;

/**
 * A snapshot file failed a check: a CRC, a magic number, a length or a count. Says which file,
 * which part (header, chunk number counted from 0, trailer) and at which byte offset, so that an
 * operator can find the damage with a hex dump. The file is never served and never deleted.
 */
public final class SnapshotDamagedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The part of the file that failed its check. */
    public enum Region {
        HEADER,
        CHUNK,
        TRAILER
    }

    private final String fileName;
    private final Region region;
    private final long chunkNumber;
    private final long byteOffset;
    private final String problem;

    private SnapshotDamagedException(String fileName, Region region, long chunkNumber, long byteOffset,
        String problem) {
        super(message(fileName, region, chunkNumber, byteOffset, problem));
        this.fileName = fileName;
        this.region = region;
        this.chunkNumber = chunkNumber;
        this.byteOffset = byteOffset;
        this.problem = problem;
    }

    public static SnapshotDamagedException inHeader(String fileName, long byteOffset, String problem) {
        return new SnapshotDamagedException(fileName, Region.HEADER, -1, byteOffset, problem);
    }

    public static SnapshotDamagedException inChunk(String fileName, long chunkNumber, long byteOffset,
        String problem) {
        return new SnapshotDamagedException(fileName, Region.CHUNK, chunkNumber, byteOffset, problem);
    }

    public static SnapshotDamagedException inTrailer(String fileName, long byteOffset, String problem) {
        return new SnapshotDamagedException(fileName, Region.TRAILER, -1, byteOffset, problem);
    }

    private static String message(String fileName, Region region, long chunkNumber, long byteOffset,
        String problem) {
        String where = switch (region) {
            case HEADER -> "in its header";
            case CHUNK -> "at chunk " + chunkNumber;
            case TRAILER -> "in its trailer";
        };
        return fileName + " is damaged " + where + " (offset " + byteOffset + "): " + problem +
            "; run `replog snapshot verify` on it, and fetch a snapshot from a healthy peer or use an older one";
    }

    public String fileName() {
        return fileName;
    }

    public Region region() {
        return region;
    }

    /** The damaged chunk counted from 0, or -1 when the damage is not in a chunk. */
    public long chunkNumber() {
        return chunkNumber;
    }

    public long byteOffset() {
        return byteOffset;
    }

    /** What check failed, without the location. */
    public String problem() {
        return problem;
    }
}

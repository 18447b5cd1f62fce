package io.replog.snapshot;

import io.replog.wal.storage.Storage;

import java.io.IOException;

/** Reads a snapshot file from end to end, checking every chunk and the trailer. */
public final class SnapshotVerifier {
    private SnapshotVerifier() {
    }

    /** Damage is a result; an IO error that says nothing about the file's contents is thrown. */
    public static VerifyResult verify(Storage storage, String fileName) throws IOException {
        return verify(storage, fileName, ChunkThreading.BACKGROUND);
    }

    public static VerifyResult verify(Storage storage, String fileName, ChunkThreading threading) throws IOException {
        SnapshotReader reader;
        try {
            reader = SnapshotReader.open(storage, fileName, threading);
        } catch (SnapshotDamagedException e) {
            return new VerifyResult(fileName, null, e, 0);
        }
        try (reader) {
            SnapshotInfo info = reader.finish();
            SnapshotFileName named = SnapshotFileName.parse(fileName).orElse(info.header().fileName());
            if (!named.equals(info.header().fileName())) {
                return new VerifyResult(fileName, null, SnapshotDamagedException.inHeader(fileName,
                    SnapshotHeaderDescriptor.LAST_INCLUDED_INDEX_OFFSET, "the header says term " +
                        info.lastIncludedTerm() + " index " + info.lastIncludedIndex() + ", unlike the file name"),
                    reader.chunksRead());
            }
            return new VerifyResult(fileName, info, null, reader.chunksRead());
        } catch (SnapshotDamagedException e) {
            return new VerifyResult(fileName, null, e, reader.chunksRead());
        }
    }
}

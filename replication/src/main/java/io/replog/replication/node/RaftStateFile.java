package io.replog.replication.node;

import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;
import io.replog.wal.storage.WritableFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A node's {@code raft-state} file: the term, the vote and a commit-index hint, replaced atomically
 * (temporary file, force, rename, directory sync) and checksummed.
 * <pre>
 *  0: term (int64) | 8: voted for (int32, 0 = none) | 12: commit index hint (int64) | 20: CRC32C of bytes 0..20
 * </pre>
 * Big-endian. Term and vote must be durable before any vote or append reply leaves the node; the
 * commit index is only a hint (the true commit index is re-learned from the leader), written when
 * the term or vote change and at a clean shutdown, so that offline tools know what was committed.
 * A missing file reads as a node that never voted; a file failing its CRC is reported, never
 * replaced silently, because atomic replacement means a torn file cannot happen.
 */
public final class RaftStateFile {
    public static final String NAME = "raft-state";
    private static final int BODY_LENGTH = 20;

    /** The persisted state; {@code votedFor == 0} means no vote in {@code term}. */
    public record State(long term, int votedFor, long commitIndexHint) {
        public static final State EMPTY = new State(0, 0, 0);
    }

    private RaftStateFile() {
    }

    public static void write(Storage directory, State state) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BODY_LENGTH + 4);
        buffer.putLong(state.term()).putInt(state.votedFor()).putLong(state.commitIndexHint());
        buffer.putInt(crc(buffer.array(), BODY_LENGTH));
        buffer.flip();
        String temporary = NAME + ".tmp";
        try (WritableFile file = directory.createWritable(temporary)) {
            file.write(buffer);
            file.force();
        }
        directory.rename(temporary, NAME);
        directory.syncDirectory();
    }

    /** The state in {@code directory}, or {@link State#EMPTY} when there is no file. */
    public static State read(Storage directory) throws IOException {
        if (!directory.exists() || !directory.exists(NAME)) {
            return State.EMPTY;
        }
        try (ReadableFile file = directory.openReadable(NAME)) {
            long size = file.size();
            if (size != BODY_LENGTH + 4) {
                throw new IOException(directory.describe() + "/" + NAME + " is " + size + " bytes, not " +
                    (BODY_LENGTH + 4) + ": not a replog raft-state file");
            }
            ByteBuffer buffer = ByteBuffer.allocate(BODY_LENGTH + 4);
            while (buffer.hasRemaining() && file.read(buffer, buffer.position()) > 0) {
                // A short read just means: read on from where it stopped.
            }
            if (buffer.getInt(BODY_LENGTH) != crc(buffer.array(), BODY_LENGTH)) {
                throw new IOException(directory.describe() + "/" + NAME + " fails its CRC: it is replaced atomically, " +
                    "so this is corruption; the node cannot know its term and vote and must not start");
            }
            return new State(buffer.getLong(0), buffer.getInt(8), buffer.getLong(12));
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int)crc.getValue();
    }
}

package io.replog.replication.sim;

import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.HardState;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.wal.storage.ReadableFile;
import io.replog.wal.storage.Storage;
import io.replog.wal.storage.WritableFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The small files a simulated node keeps beside its log, each replaced atomically (write a
 * temporary file, force it, rename, sync the directory) and checksummed:
 * <pre>
 *  raft-state:       term (8) | votedFor (4) | commitIndex (8) | crc32c (4)
 *  snapshot:         index (8) | term (8) | voterCount (4) | voter ids (4 each) | dataLength (4) | data | crc32c (4)
 *  snapshot.partial: index (8) | term (8) | voterCount (4) | voter ids (4 each) | lengthBytes (8) | checksum (8)
 *                    | durableLength (4) | the first durableLength bytes of that snapshot file | crc32c (4)
 * </pre>
 * The CRC covers every byte before it. A missing file reads as "nothing yet"; a file that fails its
 * CRC is reported, never silently replaced, because atomic replacement means it cannot happen.
 * <p>
 * A snapshot travels to followers as the bytes of its file, so a receiver checks what it got exactly
 * as it checks the file on start; the file's CRC is the checksum that names the snapshot.
 */
final class DurableFiles {
    static final String HARD_STATE = "raft-state";
    static final String SNAPSHOT = "snapshot";
    static final String PARTIAL = "snapshot.partial";

    private DurableFiles() {
    }

    static void writeHardState(Storage directory, HardState state) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(24);
        buffer.putLong(state.term()).putInt(state.votedFor()).putLong(state.commitIndex());
        replaceAtomically(directory, HARD_STATE, sealed(buffer));
    }

    static HardState readHardState(Storage directory) throws IOException {
        ByteBuffer buffer = readVerified(directory, HARD_STATE);
        if (buffer == null) {
            return HardState.EMPTY;
        }
        return new HardState(buffer.getLong(), buffer.getInt(), buffer.getLong());
    }

    /** The bytes of a snapshot file holding {@code data} (the state) as of {@code meta}. */
    static byte[] encodeSnapshot(SnapshotMeta meta, byte[] data) {
        Set<Integer> voters = meta.configuration().voters();
        ByteBuffer buffer = ByteBuffer.allocate(8 + 8 + 4 + 4 * voters.size() + 4 + data.length + 4);
        buffer.putLong(meta.index()).putLong(meta.term()).putInt(voters.size());
        for (int voter : voters) {
            buffer.putInt(voter);
        }
        buffer.putInt(data.length).put(data);
        return sealed(buffer).array();
    }

    /** A snapshot file's bytes, as taken or as received whole from a leader. */
    static void writeSnapshot(Storage directory, byte[] fileBytes) throws IOException {
        replaceAtomically(directory, SNAPSHOT, ByteBuffer.wrap(fileBytes));
    }

    /** The snapshot file's bytes, checked; null when there is none. */
    static byte[] readSnapshot(Storage directory) throws IOException {
        ByteBuffer buffer = readVerified(directory, SNAPSHOT);
        return buffer == null ? null : Arrays.copyOf(buffer.array(), buffer.array().length);
    }

    /** Whether {@code fileBytes} are a whole snapshot file whose CRC holds. */
    static boolean intact(byte[] fileBytes) {
        return fileBytes.length >= 4 && storedCrc(fileBytes) == crcOf(fileBytes, fileBytes.length - 4);
    }

    /** The snapshot a checked file describes; its checksum is the file's CRC. */
    static Snapshot describe(byte[] fileBytes) {
        ByteBuffer buffer = ByteBuffer.wrap(fileBytes);
        SnapshotMeta meta = readMeta(buffer);
        return new Snapshot(meta, fileBytes.length, storedCrc(fileBytes) & 0xFFFF_FFFFL);
    }

    /** The state a checked file holds. */
    static byte[] stateOf(byte[] fileBytes) {
        ByteBuffer buffer = ByteBuffer.wrap(fileBytes);
        readMeta(buffer);
        byte[] data = new byte[buffer.getInt()];
        buffer.get(data);
        return data;
    }

    private static SnapshotMeta readMeta(ByteBuffer buffer) {
        long index = buffer.getLong();
        long term = buffer.getLong();
        int voterCount = buffer.getInt();
        Set<Integer> voters = new TreeSet<>();
        for (int i = 0; i < voterCount; i++) {
            voters.add(buffer.getInt());
        }
        return new SnapshotMeta(index, term, new Configuration(voters, Set.of()));
    }

    private static int storedCrc(byte[] fileBytes) {
        return ByteBuffer.wrap(fileBytes, fileBytes.length - 4, 4).getInt();
    }

    private static int crcOf(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int)crc.getValue();
    }

    /** Replaces the partial file by the first {@code durableBytes.length} bytes of {@code snapshot}. */
    static void writePartial(Storage directory, Snapshot snapshot, byte[] durableBytes) throws IOException {
        Set<Integer> voters = snapshot.meta().configuration().voters();
        ByteBuffer buffer = ByteBuffer.allocate(8 + 8 + 4 + 4 * voters.size() + 8 + 8 + 4 + durableBytes.length + 4);
        buffer.putLong(snapshot.index()).putLong(snapshot.term()).putInt(voters.size());
        for (int voter : voters) {
            buffer.putInt(voter);
        }
        buffer.putLong(snapshot.lengthBytes()).putLong(snapshot.checksum()).putInt(durableBytes.length).put(durableBytes);
        replaceAtomically(directory, PARTIAL, sealed(buffer));
    }

    /** The partial file: which snapshot, and its first bytes; null when there is none. */
    static Partial readPartial(Storage directory) throws IOException {
        ByteBuffer buffer = readVerified(directory, PARTIAL);
        if (buffer == null) {
            return null;
        }
        SnapshotMeta meta = readMeta(buffer);
        Snapshot snapshot = new Snapshot(meta, buffer.getLong(), buffer.getLong());
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new Partial(snapshot, bytes);
    }

    static void deletePartial(Storage directory) throws IOException {
        if (directory.exists(PARTIAL)) {
            directory.delete(PARTIAL);
            directory.syncDirectory();
        }
    }

    /** The first bytes of a snapshot being received. */
    record Partial(Snapshot snapshot, byte[] bytes) {
    }

    private static ByteBuffer sealed(ByteBuffer body) {
        int bodyLength = body.position();
        CRC32C crc = new CRC32C();
        crc.update(body.array(), 0, bodyLength);
        body.putInt((int)crc.getValue());
        body.flip();
        return body;
    }

    private static void replaceAtomically(Storage directory, String name, ByteBuffer content) throws IOException {
        String temporary = name + ".tmp";
        try (WritableFile file = directory.createWritable(temporary)) {
            file.write(content);
            file.force();
        }
        directory.rename(temporary, name);
        directory.syncDirectory();
    }

    private static ByteBuffer readVerified(Storage directory, String name) throws IOException {
        if (!directory.exists() || !directory.exists(name)) {
            return null;
        }
        try (ReadableFile file = directory.openReadable(name)) {
            int length = (int)file.size();
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && file.read(buffer, buffer.position()) > 0) {
                // keep reading
            }
            if (length < 4) {
                throw new IOException(directory.describe() + "/" + name + " is " + length + " bytes, too short to hold a CRC");
            }
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), 0, length - 4);
            int stored = ByteBuffer.wrap(buffer.array(), length - 4, 4).getInt();
            if (stored != (int)crc.getValue()) {
                throw new IOException(directory.describe() + "/" + name + " fails its CRC: the file was replaced atomically, so this is corruption");
            }
            return ByteBuffer.wrap(buffer.array(), 0, length - 4);
        }
    }
}

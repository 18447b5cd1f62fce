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
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * The two small files a simulated node keeps beside its log, each replaced atomically (write a
 * temporary file, force it, rename, sync the directory) and checksummed:
 * <pre>
 *  raft-state:  term (8) | votedFor (4) | commitIndex (8) | crc32c (4)
 *  snapshot:    index (8) | term (8) | voterCount (4) | voter ids (4 each) | dataLength (4) | data | crc32c (4)
 * </pre>
 * The CRC covers every byte before it. A missing file reads as "nothing yet"; a file that fails its
 * CRC is reported, never silently replaced, because atomic replacement means it cannot happen.
 */
final class DurableFiles {
    static final String HARD_STATE = "raft-state";
    static final String SNAPSHOT = "snapshot";

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

    static void writeSnapshot(Storage directory, Snapshot snapshot) throws IOException {
        Set<Integer> voters = snapshot.meta().configuration().voters();
        ByteBuffer buffer = ByteBuffer.allocate(8 + 8 + 4 + 4 * voters.size() + 4 + snapshot.data().length + 4);
        buffer.putLong(snapshot.index()).putLong(snapshot.term()).putInt(voters.size());
        for (int voter : voters) {
            buffer.putInt(voter);
        }
        buffer.putInt(snapshot.data().length).put(snapshot.data());
        replaceAtomically(directory, SNAPSHOT, sealed(buffer));
    }

    static Snapshot readSnapshot(Storage directory) throws IOException {
        ByteBuffer buffer = readVerified(directory, SNAPSHOT);
        if (buffer == null) {
            return null;
        }
        long index = buffer.getLong();
        long term = buffer.getLong();
        int voterCount = buffer.getInt();
        Set<Integer> voters = new TreeSet<>();
        for (int i = 0; i < voterCount; i++) {
            voters.add(buffer.getInt());
        }
        byte[] data = new byte[buffer.getInt()];
        buffer.get(data);
        return new Snapshot(new SnapshotMeta(index, term, new Configuration(voters, Set.of())), data);
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

package io.replog.snapshot;

import io.replog.wal.storage.ReadableFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.replog.snapshot.SnapshotTrailerDescriptor.*;

/** Writes and checks the trailer laid out in {@link SnapshotTrailerDescriptor}. */
final class SnapshotTrailerCodec {
    private SnapshotTrailerCodec() {
    }

    static ByteBuffer encode(SnapshotTrailer trailer) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC)
            .putLong(trailer.chunkCount())
            .putLong(trailer.uncompressedLengthBytes())
            .putLong(trailer.fileLengthBytes())
            .putInt(trailer.fileCrc());
        buffer.putInt(Crc.of(buffer, 0, TRAILER_CRC_OFFSET));
        return buffer.flip();
    }

    /**
     * Reads the trailer from the last {@link SnapshotTrailerDescriptor#LENGTH_BYTES} bytes of the file
     * and checks its magic, its own CRC and that it describes a file of exactly this length.
     */
    static SnapshotTrailer read(String fileName, ReadableFile file, long minimumFileLengthBytes) throws IOException {
        long fileLength = file.size();
        long offset = fileLength - LENGTH_BYTES;
        if (offset < minimumFileLengthBytes) {
            throw SnapshotDamagedException.inTrailer(fileName, Math.max(offset, 0), "the file is " + fileLength +
                " bytes, too short to end with a trailer (was its writer interrupted?)");
        }
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (!FileReads.readFully(file, bytes, offset)) {
            throw SnapshotDamagedException.inTrailer(fileName, offset, "the file shrank while it was read");
        }
        byte[] magic = new byte[MAGIC.length];
        bytes.get(MAGIC_OFFSET, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw SnapshotDamagedException.inTrailer(fileName, offset, "no trailer magic at the end of the file " +
                "(was its writer interrupted?)");
        }
        if (bytes.getInt(TRAILER_CRC_OFFSET) != Crc.of(bytes, 0, TRAILER_CRC_OFFSET)) {
            throw SnapshotDamagedException.inTrailer(fileName, offset + TRAILER_CRC_OFFSET, "trailer CRC mismatch");
        }
        SnapshotTrailer trailer = new SnapshotTrailer(bytes.getLong(CHUNK_COUNT_OFFSET),
            bytes.getLong(UNCOMPRESSED_LENGTH_OFFSET), bytes.getLong(FILE_LENGTH_OFFSET), bytes.getInt(FILE_CRC_OFFSET));
        if (trailer.fileLengthBytes() != fileLength) {
            throw SnapshotDamagedException.inTrailer(fileName, offset + FILE_LENGTH_OFFSET, "the trailer records " +
                trailer.fileLengthBytes() + " bytes but the file has " + fileLength);
        }
        return trailer;
    }
}

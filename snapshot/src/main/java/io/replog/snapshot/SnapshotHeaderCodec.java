package io.replog.snapshot;

import io.replog.wal.storage.ReadableFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import static io.replog.snapshot.SnapshotHeaderDescriptor.*;

/** Writes and checks the header laid out in {@link SnapshotHeaderDescriptor}. */
final class SnapshotHeaderCodec {
    /** A checked header and the exact bytes it was read from (they count towards the file CRC). */
    record Read(SnapshotHeader header, ByteBuffer bytes) {
        int lengthBytes() {
            return bytes.limit();
        }
    }

    private SnapshotHeaderCodec() {
    }

    /** The complete header, CRC included, ready to write (position 0, limit = length). */
    static ByteBuffer encode(SnapshotHeader header) {
        byte[] metadata = header.metadata();
        int configurationLength = ClusterConfigurationCodec.encodedLengthBytes(header.configuration());
        int length = headerLengthBytes(configurationLength, metadata.length);
        if (length > MAX_HEADER_LENGTH_BYTES) {
            throw new IllegalArgumentException("snapshot header would be " + length + " bytes; configuration and " +
                "metadata must fit in " + MAX_HEADER_LENGTH_BYTES + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC)
            .putInt(header.formatVersion())
            .putInt(length)
            .putLong(header.lastIncludedIndex())
            .putLong(header.lastIncludedTerm())
            .putLong(header.createdEpochMillis())
            .putInt(header.chunkLengthBytes())
            .putInt(configurationLength)
            .putInt(metadata.length)
            .putInt(0);
        ClusterConfigurationCodec.encode(header.configuration(), buffer);
        buffer.put(metadata);
        buffer.putInt(Crc.of(buffer, 0, length - CRC_LENGTH_BYTES));
        return buffer.flip();
    }

    /** Reads the header at offset 0 and checks magic, lengths and CRC before believing any field. */
    static Read read(String fileName, ReadableFile file) throws IOException {
        ByteBuffer fixed = ByteBuffer.allocate(FIXED_LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        if (!FileReads.readFully(file, fixed, 0)) {
            throw SnapshotDamagedException.inHeader(fileName, 0, "the file is " + file.size() +
                " bytes, shorter than a header");
        }
        byte[] magic = new byte[MAGIC.length];
        fixed.get(MAGIC_OFFSET, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw SnapshotDamagedException.inHeader(fileName, MAGIC_OFFSET, "bad magic, not a replog snapshot");
        }
        int length = fixed.getInt(HEADER_LENGTH_OFFSET);
        if (length < headerLengthBytes(0, 0) || length > MAX_HEADER_LENGTH_BYTES) {
            throw SnapshotDamagedException.inHeader(fileName, HEADER_LENGTH_OFFSET, "impossible header length " +
                length);
        }
        ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        if (!FileReads.readFully(file, bytes, 0)) {
            throw SnapshotDamagedException.inHeader(fileName, file.size(), "the file ends inside the " + length +
                "-byte header");
        }
        int storedCrc = bytes.getInt(length - CRC_LENGTH_BYTES);
        if (storedCrc != Crc.of(bytes, 0, length - CRC_LENGTH_BYTES)) {
            throw SnapshotDamagedException.inHeader(fileName, length - CRC_LENGTH_BYTES, "header CRC mismatch");
        }
        return new Read(decodeChecked(fileName, bytes.flip()), bytes);
    }

    /** Decodes a header whose CRC matched, so any inconsistency left is a writer bug or another version. */
    private static SnapshotHeader decodeChecked(String fileName, ByteBuffer bytes) throws SnapshotDamagedException {
        int version = bytes.getInt(VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw SnapshotDamagedException.inHeader(fileName, VERSION_OFFSET, "format version " + version +
                " is not supported by this replog (it reads version " + FORMAT_VERSION + ")");
        }
        int length = bytes.limit();
        int configurationLength = bytes.getInt(CONFIGURATION_LENGTH_OFFSET);
        int metadataLength = bytes.getInt(METADATA_LENGTH_OFFSET);
        if (configurationLength < 0 || metadataLength < 0 ||
            (long)headerLengthBytes(0, 0) + configurationLength + metadataLength != length) {
            throw SnapshotDamagedException.inHeader(fileName, CONFIGURATION_LENGTH_OFFSET, "configuration (" +
                configurationLength + ") and metadata (" + metadataLength + ") lengths do not add up to the " +
                "header length " + length);
        }
        try {
            ClusterConfiguration configuration = ClusterConfigurationCodec.decode(
                bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(FIXED_LENGTH_BYTES)
                    .limit(FIXED_LENGTH_BYTES + configurationLength));
            byte[] metadata = new byte[metadataLength];
            bytes.get(FIXED_LENGTH_BYTES + configurationLength, metadata);
            return new SnapshotHeader(version, bytes.getLong(LAST_INCLUDED_INDEX_OFFSET),
                bytes.getLong(LAST_INCLUDED_TERM_OFFSET), bytes.getLong(CREATED_EPOCH_MILLIS_OFFSET),
                bytes.getInt(CHUNK_LENGTH_OFFSET), configuration, metadata);
        } catch (IllegalArgumentException e) {
            throw SnapshotDamagedException.inHeader(fileName, FIXED_LENGTH_BYTES, e.getMessage());
        }
    }
}

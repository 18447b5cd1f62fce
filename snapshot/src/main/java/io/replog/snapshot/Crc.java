package io.replog.snapshot;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C helpers; java.util.zip.CRC32C is a JIT intrinsic, as fast as Agrona's over a ByteBuffer. */
final class Crc {
    private Crc() {
    }

    /** CRC32C of {@code buffer}'s bytes in {@code [offset, offset + length)}, leaving its position alone. */
    static int of(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(offset + length).position(offset));
        return (int)crc.getValue();
    }
}

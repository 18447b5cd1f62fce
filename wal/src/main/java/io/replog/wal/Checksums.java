package io.replog.wal;

import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C over direct memory. With {@code --add-opens java.base/java.util.zip=ALL-UNNAMED} this is
 * Agrona's allocation-free intrinsic over the buffer's address; without it, the JDK's {@link CRC32C}
 * over a duplicated view (same result, a little slower, allocates). The launcher and the test
 * runner pass the flag; embedders should too.
 */
public final class Checksums {
    private static final boolean INTRINSIC = intrinsicAvailable();

    private Checksums() {
    }

    private static boolean intrinsicAvailable() {
        try {
            Crc32c.INSTANCE.compute(0, 0, 0);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** Whether the allocation-free path is in use (false means the JVM lacks the add-opens flag). */
    public static boolean intrinsic() {
        return INTRINSIC;
    }

    /** CRC32C of {@code length} bytes at {@code offset} of a buffer over direct memory. */
    public static int crc32c(DirectBuffer buffer, int offset, int length) {
        if (INTRINSIC) {
            return Crc32c.INSTANCE.compute(buffer.addressOffset(), offset, length);
        }
        ByteBuffer view = buffer.byteBuffer().duplicate();
        int base = buffer.wrapAdjustment() + offset;
        view.limit(base + length).position(base);
        CRC32C crc = new CRC32C();
        crc.update(view);
        return (int)crc.getValue();
    }
}

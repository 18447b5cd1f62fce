package io.replog.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * This disk's sequential write-and-force bandwidth, two ways, each over {@code totalBytes} in
 * blocks of {@code blockBytes}, every block forced before the next is written:
 * <ul>
 * <li>{@link #writeForceMbPerSecond}: {@link FileChannel#write} into a new file and
 *     {@link FileChannel#force force(false)} (fdatasync): the best a log that syncs every block can do;</li>
 * <li>{@link #mmapForceMbPerSecond}: a mapped write path, as replog's log had until it moved to
 *     positional writes: a file preallocated with zeros (outside the timing) and mapped, each block
 *     copied in and {@link MappedByteBuffer#force(int, int) forced} (msync). The gap between the two
 *     is the price of writing through a mapping on this disk at this force granularity.</li>
 * </ul>
 * Files are deleted afterwards. MB are 10^6 bytes.
 */
public final class DiskBaseline {
    static final int DEFAULT_BLOCK_BYTES = 1 << 20;

    private DiskBaseline() {
    }

    static double writeForceMbPerSecond(Path directory, long totalBytes, int blockBytes) throws IOException {
        ByteBuffer block = randomBlock(blockBytes);
        Path file = directory.resolve("disk-baseline-write.dat");
        long written = 0;
        long elapsedNs;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long startNs = System.nanoTime();
            while (written < totalBytes) {
                block.clear();
                while (block.hasRemaining()) {
                    written += channel.write(block);
                }
                channel.force(false);
            }
            elapsedNs = System.nanoTime() - startNs;
        } finally {
            Files.deleteIfExists(file);
        }
        return written * 1e3 / elapsedNs;
    }

    static double mmapForceMbPerSecond(Path directory, int totalBytes, int blockBytes) throws IOException {
        ByteBuffer block = randomBlock(blockBytes);
        Path file = directory.resolve("disk-baseline-mmap.dat");
        int length = totalBytes - totalBytes % blockBytes;
        long elapsedNs;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            preallocate(channel, length, blockBytes);
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            long startNs = System.nanoTime();
            for (int position = 0; position < length; position += blockBytes) {
                mapped.put(position, block, 0, blockBytes);
                mapped.force(position, blockBytes);
            }
            elapsedNs = System.nanoTime() - startNs;
        } finally {
            Files.deleteIfExists(file);
        }
        return length * 1e3 / elapsedNs;
    }

    /** Writes zeros and forces them, as replog preallocates a segment. */
    /** Writes {@code length} bytes of zeros in blocks of {@code blockBytes} (a multiple of it) and forces them. */
    public static void preallocate(FileChannel channel, int length, int blockBytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(blockBytes);
        for (long position = 0; position < length; ) {
            zeros.clear();
            while (zeros.hasRemaining()) {
                position += channel.write(zeros, position);
            }
        }
        channel.force(true);
    }

    private static ByteBuffer randomBlock(int blockBytes) {
        ByteBuffer block = ByteBuffer.allocateDirect(blockBytes);
        SplittableRandom random = new SplittableRandom(7);
        while (block.hasRemaining()) {
            block.put((byte)random.nextInt(256));
        }
        return block;
    }
}

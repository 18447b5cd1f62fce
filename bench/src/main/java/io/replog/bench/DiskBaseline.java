package io.replog.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * This disk's sequential write-and-force bandwidth: {@code totalBytes} written to a new file in
 * blocks of {@code blockBytes} through a {@link FileChannel}, each block forced before the next is
 * written (the best a durable log that syncs every block could do). The file is deleted afterwards.
 */
final class DiskBaseline {
    static final int DEFAULT_BLOCK_BYTES = 1 << 20;

    private DiskBaseline() {
    }

    /** @return MB (10^6 bytes) per second written and forced. */
    static double measureMbPerSecond(Path directory, long totalBytes, int blockBytes) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(blockBytes);
        SplittableRandom random = new SplittableRandom(7);
        while (block.hasRemaining()) {
            block.put((byte)random.nextInt(256));
        }
        Path file = directory.resolve("disk-baseline.dat");
        long written = 0;
        long startNs;
        long elapsedNs;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            startNs = System.nanoTime();
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
}

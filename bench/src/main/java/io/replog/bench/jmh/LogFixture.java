package io.replog.bench.jmh;

import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** A {@link SyncPolicy#NONE} log in a fresh directory under {@code replog.bench.dir} (default java.io.tmpdir). */
final class LogFixture implements AutoCloseable {
    final Path directory;
    final WriteAheadLog log;

    LogFixture(int segmentLengthBytes) throws IOException {
        Path parent = Path.of(System.getProperty("replog.bench.dir", System.getProperty("java.io.tmpdir")));
        this.directory = Files.createTempDirectory(parent, "replog-jmh-");
        this.log = WriteAheadLog.open(directory.resolve("log"),
            new WalConfig().syncPolicy(SyncPolicy.NONE).segmentLengthBytes(segmentLengthBytes));
    }

    static UnsafeBuffer payload(int sizeBytes) {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(sizeBytes));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < sizeBytes; i++) {
            buffer.putByte(i, (byte)random.nextInt(256));
        }
        return buffer;
    }

    @Override
    public void close() throws IOException {
        log.close();
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + path, e);
                }
            });
        }
    }
}

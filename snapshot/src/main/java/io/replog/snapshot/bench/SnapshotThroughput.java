package io.replog.snapshot.bench;

import io.replog.snapshot.ChunkThreading;
import io.replog.snapshot.ClusterConfiguration;
import io.replog.snapshot.SnapshotHeaderDescriptor;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotReader;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.SnapshotWriter;
import io.replog.wal.storage.FileStorage;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Snapshot write and read throughput, in MB/s of uncompressed state, beside raw LZ4 and raw file
 * speeds measured in the same run on the same bytes, so that the ratio means something on a noisy
 * machine. Each figure is the median of the iterations.
 * <pre>
 *   java -cp ... io.replog.snapshot.bench.SnapshotThroughput [--dir DIR] [--state-mib 512] [--iterations 3]
 *        [--threading background|inline]
 * </pre>
 */
public final class SnapshotThroughput {
    private static final int GENERATED_BYTES = 64 << 20;
    private static final int PIECE_BYTES = 1 << 20;
    private static final double MB = 1_000_000.0;

    /**
     * Median MB/s of each measurement; ratios relate the snapshot to the slower raw figure. The
     * per-iteration ratios (each from figures measured back to back) show how noisy the machine was.
     */
    public record Result(long stateBytes, ChunkThreading threading, double compressionRatio, double lz4CompressMBps,
        double lz4DecompressMBps, double fileWriteMBps, double fileReadMBps, double snapshotWriteMBps,
        double snapshotReadMBps, List<Double> writeRatioPerIteration, List<Double> readRatioPerIteration) {

        public double writeRatio() {
            return snapshotWriteMBps / Math.min(lz4CompressMBps, fileWriteMBps);
        }

        public double readRatio() {
            return snapshotReadMBps / Math.min(lz4DecompressMBps, fileReadMBps);
        }

        public String describe() {
            return String.format(Locale.ROOT, """
                state: %d MiB of synthetic key-value records, LZ4 ratio %.2f, chunk %d KiB, chunk work %s
                raw LZ4 compress      %8.1f MB/s
                raw file write+force  %8.1f MB/s
                snapshot write        %8.1f MB/s  = %.0f%% of the slower of the two above
                raw LZ4 decompress    %8.1f MB/s
                raw file read         %8.1f MB/s
                snapshot read         %8.1f MB/s  = %.0f%% of the slower of the two above
                per iteration: write %s, read %s
                """, stateBytes >> 20, compressionRatio, PIECE_BYTES >> 10, threading, lz4CompressMBps, fileWriteMBps,
                snapshotWriteMBps, 100 * writeRatio(), lz4DecompressMBps, fileReadMBps, snapshotReadMBps,
                100 * readRatio(), percentages(writeRatioPerIteration), percentages(readRatioPerIteration));
        }

        private static String percentages(List<Double> ratios) {
            return ratios.stream().map(r -> String.format(Locale.ROOT, "%.0f%%", 100 * r))
                .collect(java.util.stream.Collectors.joining(" "));
        }
    }

    private final Path directory;
    private final long stateBytes;
    private final int iterations;
    private final ChunkThreading threading;
    private final ByteBuffer state = ByteBuffer.allocateDirect(GENERATED_BYTES);
    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();

    /**
     * @param directory  where to write (deleted afterwards); put it on the disk the node would use.
     * @param stateBytes uncompressed state per measurement.
     * @param iterations measured rounds after one warm-up round; figures are medians.
     * @param threading  how the snapshot writer and reader overlap chunk work with the caller.
     */
    public SnapshotThroughput(Path directory, long stateBytes, int iterations, ChunkThreading threading) {
        this.directory = directory;
        this.stateBytes = stateBytes;
        this.iterations = iterations;
        this.threading = threading;
        byte[] generated = new byte[GENERATED_BYTES];
        new SyntheticState(42).fill(generated, 0, generated.length);
        state.put(generated).flip();
    }

    /** Runs every measurement {@code iterations} times (after one warm-up) and deletes its files. */
    public Result run() throws IOException {
        Files.createDirectories(directory);
        try {
            double[][] samples = new double[6][iterations];
            double ratio = 0;
            List<Double> writeRatios = new ArrayList<>();
            List<Double> readRatios = new ArrayList<>();
            for (int i = -1; i < iterations; i++) {
                double[] round = {lz4Compress(), fileWrite(), 0, lz4Decompress(), fileRead(), 0};
                SnapshotInfo info = snapshotWrite(round);
                round[5] = snapshotRead(info);
                ratio = info.compressionRatio();
                if (i >= 0) {
                    writeRatios.add(round[2] / Math.min(round[0], round[1]));
                    readRatios.add(round[5] / Math.min(round[3], round[4]));
                    for (int m = 0; m < round.length; m++) {
                        samples[m][i] = round[m];
                    }
                }
                clean();
            }
            return new Result(stateBytes, threading, ratio, median(samples[0]), median(samples[3]), median(samples[1]),
                median(samples[4]), median(samples[2]), median(samples[5]), writeRatios, readRatios);
        } finally {
            clean();
            Files.deleteIfExists(directory);
        }
    }

    private double lz4Compress() {
        ByteBuffer out = ByteBuffer.allocateDirect(compressor.maxCompressedLength(PIECE_BYTES));
        long start = System.nanoTime();
        for (long done = 0; done < stateBytes; done += PIECE_BYTES) {
            int offset = (int)(done % GENERATED_BYTES);
            compressor.compress(state, offset, PIECE_BYTES, out, 0, out.capacity());
        }
        return mbps(stateBytes, start);
    }

    private double lz4Decompress() {
        int pieces = GENERATED_BYTES / PIECE_BYTES;
        ByteBuffer[] compressed = new ByteBuffer[pieces];
        for (int p = 0; p < pieces; p++) {
            ByteBuffer out = ByteBuffer.allocateDirect(compressor.maxCompressedLength(PIECE_BYTES));
            out.limit(compressor.compress(state, p * PIECE_BYTES, PIECE_BYTES, out, 0, out.capacity()));
            compressed[p] = out;
        }
        ByteBuffer decoded = ByteBuffer.allocateDirect(PIECE_BYTES);
        long start = System.nanoTime();
        for (long done = 0; done < stateBytes; done += PIECE_BYTES) {
            ByteBuffer piece = compressed[(int)((done / PIECE_BYTES) % pieces)];
            decompressor.decompress(piece, 0, piece.limit(), decoded, 0, PIECE_BYTES);
        }
        return mbps(stateBytes, start);
    }

    private double fileWrite() throws IOException {
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(rawFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long done = 0; done < stateBytes; done += PIECE_BYTES) {
                ByteBuffer piece = slice((int)(done % GENERATED_BYTES));
                while (piece.hasRemaining()) {
                    channel.write(piece);
                }
            }
            channel.force(true);
        }
        return mbps(stateBytes, start);
    }

    private double fileRead() throws IOException {
        ByteBuffer into = ByteBuffer.allocateDirect(PIECE_BYTES);
        long start = System.nanoTime();
        try (FileChannel channel = FileChannel.open(rawFile(), StandardOpenOption.READ)) {
            while (channel.read(into.clear()) > 0) {
                into.clear();
            }
        }
        return mbps(stateBytes, start);
    }

    private SnapshotInfo snapshotWrite(double[] round) throws IOException {
        SnapshotStore store = new SnapshotStore(new FileStorage(directory.resolve("snapshots")),
            System::currentTimeMillis, SnapshotHeaderDescriptor.DEFAULT_CHUNK_LENGTH_BYTES, threading);
        long start = System.nanoTime();
        SnapshotInfo info;
        try (SnapshotWriter writer = store.begin(1, 1, ClusterConfiguration.EMPTY, new byte[0])) {
            for (long done = 0; done < stateBytes; done += PIECE_BYTES) {
                writer.write(slice((int)(done % GENERATED_BYTES)));
            }
            info = writer.commit();
        }
        round[2] = mbps(stateBytes, start);
        return info;
    }

    private double snapshotRead(SnapshotInfo info) throws IOException {
        ByteBuffer into = ByteBuffer.allocateDirect(PIECE_BYTES);
        long start = System.nanoTime();
        long read = 0;
        try (SnapshotReader reader = SnapshotReader.open(new FileStorage(directory.resolve("snapshots")),
            info.fileName(), threading)) {
            int count;
            while ((count = reader.read(into.clear())) >= 0) {
                read += count;
            }
        }
        if (read != stateBytes) {
            throw new IllegalStateException("read back " + read + " of " + stateBytes + " bytes");
        }
        return mbps(stateBytes, start);
    }

    private ByteBuffer slice(int offset) {
        return state.duplicate().position(offset).limit(offset + PIECE_BYTES);
    }

    private Path rawFile() {
        return directory.resolve("raw.bin");
    }

    private void clean() throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
    }

    private static double mbps(long bytes, long startNs) {
        return bytes / MB / ((System.nanoTime() - startNs) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

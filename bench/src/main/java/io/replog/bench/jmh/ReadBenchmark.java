package io.replog.bench.jmh;

import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Reads by index from a log of {@link #ENTRIES} entries spread over several segments: sequentially
 * (wrapping around) and at random indexes (precomputed, so the benchmark measures the log, not the
 * random generator). Each read checks the frame's CRC and touches the payload.
 * <p>
 * Run: {@code replog bench jmh -prof gc ReadBenchmark}; {@code gc.alloc.rate.norm} should be 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JmhFlags.ADD_EXPORTS_MISC, JmhFlags.ADD_OPENS_ZIP})
public class ReadBenchmark {
    static final int ENTRIES = 1 << 20;
    private static final int SEGMENT_LENGTH_BYTES = 64 << 20;
    private static final int RANDOM_INDEXES = 1 << 16;

    @Param({"256"})
    int sizeBytes;

    private LogFixture fixture;
    private WriteAheadLog log;
    private final Entry entry = new Entry();
    private final long[] randomIndexes = new long[RANDOM_INDEXES];
    private long nextSequential;
    private int nextRandom;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        fixture = new LogFixture(SEGMENT_LENGTH_BYTES);
        log = fixture.log;
        UnsafeBuffer payload = LogFixture.payload(sizeBytes);
        for (int i = 0; i < ENTRIES; i++) {
            log.append(1, 0, payload, 0, sizeBytes);
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < randomIndexes.length; i++) {
            randomIndexes[i] = log.firstIndex() + random.nextInt(ENTRIES);
        }
        nextSequential = log.firstIndex();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        fixture.close();
    }

    @Benchmark
    public long sequential() throws IOException {
        long index = nextSequential;
        nextSequential = index == log.lastIndex() ? log.firstIndex() : index + 1;
        return touch(index);
    }

    @Benchmark
    public long random() throws IOException {
        long index = randomIndexes[nextRandom];
        nextRandom = (nextRandom + 1) & (RANDOM_INDEXES - 1);
        return touch(index);
    }

    private long touch(long index) throws IOException {
        if (!log.read(index, entry)) {
            throw new IllegalStateException("index " + index + " is not in " + log);
        }
        return entry.index() + entry.buffer().getLong(entry.payloadOffset());
    }
}

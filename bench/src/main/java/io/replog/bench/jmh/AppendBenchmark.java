package io.replog.bench.jmh;

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
import java.util.concurrent.TimeUnit;

/**
 * Appends of one payload size under {@code SyncPolicy.NONE}, the steady state included: the log rolls
 * to a new segment when one is full (sealing forces the old one, the new one is preallocated), and
 * sealed segments are deleted every 2^19 appends and between iterations as a compaction would, so the
 * disk holds at most a few segments however long the benchmark runs.
 * <p>
 * Run: {@code replog bench jmh -prof gc AppendBenchmark} and read {@code gc.alloc.rate.norm} (bytes
 * allocated per append; the target is 0). {@code -p sizeBytes=256} picks one size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JmhFlags.ADD_EXPORTS_MISC, JmhFlags.ADD_OPENS_ZIP})
public class AppendBenchmark {
    /** Enough room that a roll is rare next to the appends, small enough to keep the disk in use small. */
    private static final int SEGMENT_LENGTH_BYTES = 256 << 20;
    /** Compacts every 2^19 appends (under a segment's worth even of 64-byte entries). */
    private static final long COMPACT_MASK = (1 << 19) - 1;

    @Param({"64", "256", "1024", "4096"})
    int sizeBytes;

    private LogFixture fixture;
    private WriteAheadLog log;
    private UnsafeBuffer payload;

    @Setup(Level.Trial)
    public void open() throws IOException {
        fixture = new LogFixture(SEGMENT_LENGTH_BYTES);
        log = fixture.log;
        payload = LogFixture.payload(sizeBytes);
    }

    /** Compaction between iterations, outside the timing: keeps only the open segment. */
    @Setup(Level.Iteration)
    public void compact() throws IOException {
        log.deleteBefore(log.lastIndex());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        fixture.close();
    }

    @Benchmark
    public long append() throws IOException {
        long index = log.append(1, 0, payload, 0, sizeBytes);
        if ((index & COMPACT_MASK) == 0) {
            // As a snapshot would: without it a fast appender fills several segments per iteration, and each
            // new one allocates its index (4 bytes an entry, kept, not garbage) instead of reusing a deleted one's.
            log.deleteBefore(index);
        }
        return index;
    }
}

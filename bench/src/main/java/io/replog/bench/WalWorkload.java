package io.replog.bench;

import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * replog's {@link WriteAheadLog} under the spec's sync policy. The clock runs from the first append
 * to the last append returning ({@code ALWAYS}), to every append handed to the operating system
 * ({@code NONE}: a final {@link WriteAheadLog#flush()} is inside the timing, so the last write-behind
 * block counts) or to everything being durable ({@code BATCH}: a final {@link WriteAheadLog#sync()}
 * is inside the timing). Opening the log
 * (which preallocates the first segment) and closing it are outside.
 */
final class WalWorkload implements Workload {
    static final long TERM = 1;
    static final int TYPE = 0;

    @Override
    public String name() {
        return "replog";
    }

    @Override
    public BenchResult run(Path directory, WorkloadSpec spec) throws IOException {
        UnsafeBuffer payload = directPayload(spec.payload());
        Histogram latencyNs = new Histogram(3);
        if (spec.sync() == SyncPolicy.BATCH) {
            return runGroupCommit(directory, spec, payload, latencyNs);
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory, config(spec))) {
            int length = spec.sizeBytes();
            long startNs = System.nanoTime();
            for (int i = 0; i < spec.entries(); i++) {
                long beforeNs = System.nanoTime();
                log.append(TERM, TYPE, payload, 0, length);
                latencyNs.recordValue(System.nanoTime() - beforeNs);
            }
            log.flush();
            long elapsedNs = System.nanoTime() - startNs;
            return BenchResult.of(name(), spec.entries(), length, elapsedNs, latencyNs);
        }
    }

    private BenchResult runGroupCommit(Path directory, WorkloadSpec spec, UnsafeBuffer payload, Histogram latencyNs)
        throws IOException {
        LatencyRecorder recorder = new LatencyRecorder(1, spec.entries());
        WalConfig config = config(spec).durabilityListener(index -> recorder.durableUpTo(index, System.nanoTime()));
        try (WriteAheadLog log = WriteAheadLog.open(directory, config)) {
            if (log.lastIndex() != 0) {
                throw new IllegalStateException("benchmark log " + directory + " is not empty: " + log);
            }
            int length = spec.sizeBytes();
            long startNs = System.nanoTime();
            for (long index = 1; index <= spec.entries(); index++) {
                recorder.appendStarted(index, System.nanoTime());
                log.append(TERM, TYPE, payload, 0, length);
            }
            log.sync();
            long elapsedNs = System.nanoTime() - startNs;
            return BenchResult.of(name(), spec.entries(), length, elapsedNs, recorder.histogram(latencyNs));
        }
    }

    static WalConfig config(WorkloadSpec spec) {
        return new WalConfig().syncPolicy(spec.sync()).segmentLengthBytes(spec.segmentLengthBytes());
    }

    static UnsafeBuffer directPayload(byte[] bytes) {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes.length));
        buffer.putBytes(0, bytes);
        return buffer;
    }
}

package io.replog.bench;

import io.replog.wal.SyncPolicy;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;

/**
 * The same workload on Chronicle Queue, made as durable as replog's run: under {@code NONE} it never
 * syncs; otherwise the queue uses {@link SyncMode#SYNC} and {@link ExcerptAppender#sync()} is called
 * every {@link WorkloadSpec#peerAppendsPerSync()} appends (it has no group commit), and once more at
 * the end. Under {@code BATCH} the latency recorded is append-to-durable, as for replog.
 */
final class ChronicleWorkload implements Workload {
    @Override
    public String name() {
        return "chronicle";
    }

    @Override
    public BenchResult run(Path directory, WorkloadSpec spec) {
        Bytes<?> payload = Bytes.allocateDirect(spec.payload());
        try (SingleChronicleQueue queue = builder(directory, spec).build();
             ExcerptAppender appender = queue.createAppender()) {
            Histogram latencyNs = new Histogram(3);
            long elapsedNs = spec.sync() == SyncPolicy.NONE ? appendOnly(appender, payload, spec, latencyNs) :
                appendAndSync(appender, payload, spec, latencyNs);
            return BenchResult.of(name(), spec.entries(), spec.sizeBytes(), elapsedNs, latencyNs);
        } finally {
            payload.releaseLast();
        }
    }

    private static SingleChronicleQueueBuilder builder(Path directory, WorkloadSpec spec) {
        SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory);
        if (spec.sync() != SyncPolicy.NONE) {
            builder.syncMode(SyncMode.SYNC);
        }
        return builder;
    }

    private static long appendOnly(ExcerptAppender appender, Bytes<?> payload, WorkloadSpec spec, Histogram latencyNs) {
        long startNs = System.nanoTime();
        for (int i = 0; i < spec.entries(); i++) {
            long beforeNs = System.nanoTime();
            appender.writeBytes(payload);
            latencyNs.recordValue(System.nanoTime() - beforeNs);
        }
        return System.nanoTime() - startNs;
    }

    /** Appends, syncing every K; each entry's latency runs from its append to the sync that covers it. */
    private static long appendAndSync(ExcerptAppender appender, Bytes<?> payload, WorkloadSpec spec,
                                      Histogram latencyNs) {
        int perSync = Math.min(spec.peerAppendsPerSync(), spec.entries());
        long[] startNs = new long[perSync];
        int pending = 0;
        long runStartNs = System.nanoTime();
        for (int i = 0; i < spec.entries(); i++) {
            startNs[pending++] = System.nanoTime();
            appender.writeBytes(payload);
            if (pending == perSync) {
                syncAndRecord(appender, startNs, pending, latencyNs);
                pending = 0;
            }
        }
        if (pending > 0) {
            syncAndRecord(appender, startNs, pending, latencyNs);
        }
        return System.nanoTime() - runStartNs;
    }

    private static void syncAndRecord(ExcerptAppender appender, long[] startNs, int count, Histogram latencyNs) {
        appender.sync();
        long durableNs = System.nanoTime();
        for (int i = 0; i < count; i++) {
            latencyNs.recordValue(durableNs - startNs[i]);
        }
    }
}

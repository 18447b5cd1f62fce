package io.replog.bench;

import io.replog.wal.SyncPolicy;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The peer really writes the same workload: N entries, each exactly the payload replog appends. */
class ChronicleWorkloadTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryEntryWithTheSamePayloadBytes() {
        WorkloadSpec spec = new WorkloadSpec(1000, 100, SyncPolicy.BATCH, 1 << 20, 64);
        Path queueDir = dir.resolve("queue");

        BenchResult result = new ChronicleWorkload().run(queueDir, spec);

        assertEquals(1000, result.entries());
        int count = 0;
        Bytes<?> read = Bytes.allocateElasticOnHeap();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(queueDir).build();
             ExcerptTailer tailer = queue.createTailer()) {
            while (tailer.readBytes(read)) {
                assertArrayEquals(spec.payload(), read.toByteArray(), "entry " + count);
                read.clear();
                count++;
            }
        }
        assertEquals(1000, count);
    }
}

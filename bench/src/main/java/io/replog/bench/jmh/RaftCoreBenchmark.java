package io.replog.bench.jmh;

import io.replog.bench.core.CoreCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Steady-state replication through three Raft cores and nothing else ({@link CoreCluster}: in-memory storage,
 * messages handed straight from core to core on this thread, persistence instant), with {@code window}
 * proposals of {@code payloadBytes} in flight. One operation is one committed entry.
 * <p>
 * Run: {@code replog bench jmh -prof gc RaftCoreBenchmark} and read {@code gc.alloc.rate.norm}: bytes allocated
 * per committed entry by the three cores and the in-memory host together (the target is 0).
 * {@code CoreAllocationProbe} splits the same figure by leader, followers and host, and per message stepped.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {JmhFlags.ADD_EXPORTS_MISC, JmhFlags.ADD_OPENS_ZIP})
public class RaftCoreBenchmark {
    private static final int ENTRIES_PER_INVOCATION = 256;

    @Param({"64"})
    int payloadBytes;

    @Param({"1", "32"})
    int window;

    private CoreCluster cluster;

    @Setup
    public void start() {
        cluster = new CoreCluster(3, payloadBytes, window);
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES_PER_INVOCATION)
    public long commit() {
        return cluster.commit(ENTRIES_PER_INVOCATION);
    }
}

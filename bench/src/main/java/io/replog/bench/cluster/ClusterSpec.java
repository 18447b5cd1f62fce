package io.replog.bench.cluster;

import io.replog.wal.SyncPolicy;

import java.util.SplittableRandom;

/**
 * One {@code bench cluster} workload, run identically on replog and on a peer: {@code count}
 * commands of {@code sizeBytes} bytes, at most {@code inflight} of them sent and not yet
 * acknowledged at any time, to a cluster of {@code nodes} members on loopback in this JVM, each
 * system first loaded the same way for {@code warmupNs} so the JIT has compiled its paths.
 *
 * @param sync     {@link SyncPolicy#NONE}: nobody forces before acknowledging; otherwise every system
 *                 acknowledges only what a majority has forced to disk (each in its own group-commit way).
 * @param mtuBytes the largest UDP payload both Aeron-based systems send (replog and Aeron Cluster); 0 keeps
 *                 Aeron's default of 1408. Ratis talks gRPC over TCP and has no such setting.
 * @param sparseSpares replog's logs make sparse spares ({@code NodeConfig.reserveLogSpace(false)}) instead of
 *                 writing their zeros ahead; the peers keep their own file handling.
 */
public record ClusterSpec(int nodes, int sizeBytes, int inflight, int count, SyncPolicy sync, long warmupNs,
                          int mtuBytes, boolean sparseSpares) {
    /** The first bytes of a command carry its sequence number, for peers that answer with a message. */
    public static final int SEQUENCE_BYTES = Integer.BYTES;
    public static final int MIN_SIZE_BYTES = 8;
    public static final int MAX_SIZE_BYTES = 64 * 1024;
    public static final int MAX_NODES = 7;
    public static final int MAX_INFLIGHT = 16_384;

    public ClusterSpec {
        if (nodes < 1 || nodes > MAX_NODES || sizeBytes < MIN_SIZE_BYTES || sizeBytes > MAX_SIZE_BYTES ||
            inflight < 1 || inflight > MAX_INFLIGHT || count < 1 || warmupNs < 0) {
            throw new IllegalArgumentException("nodes 1.." + MAX_NODES + ", sizeBytes " + MIN_SIZE_BYTES + ".." +
                MAX_SIZE_BYTES + ", inflight 1.." + MAX_INFLIGHT + ", count >= 1, warmupNs >= 0; got " + this);
        }
    }

    /** The payload every system sends: seeded pseudo-random bytes, so nothing compresses or dedupes. */
    public byte[] payload() {
        byte[] payload = new byte[sizeBytes];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte)random.nextInt(256);
        }
        return payload;
    }

    /** Commands per warm-up round: a few windows' worth, so the pipeline is full most of the time. */
    int warmupRoundCount() {
        return Math.max(2_000, 4 * inflight);
    }
}

package io.replog.bench;

import io.replog.wal.SyncPolicy;

import java.util.SplittableRandom;

/**
 * One workload, run identically on replog and on a peer: {@code entries} appends of
 * {@code sizeBytes} bytes each (the same payload every time), made durable per {@code sync}.
 *
 * @param segmentLengthBytes replog's segment length (the log rolls, and forces the sealed segment, as needed).
 * @param peerSyncEvery      under {@link SyncPolicy#BATCH}: a peer that cannot group-commit syncs after this many
 *                           appends; under {@link SyncPolicy#ALWAYS} every peer append is synced.
 */
public record WorkloadSpec(int entries, int sizeBytes, SyncPolicy sync, int segmentLengthBytes, int peerSyncEvery) {
    public WorkloadSpec {
        if (entries < 1 || sizeBytes < 1 || peerSyncEvery < 1) {
            throw new IllegalArgumentException("entries, sizeBytes and peerSyncEvery must be positive: " + entries +
                ", " + sizeBytes + ", " + peerSyncEvery);
        }
    }

    /** The same spec with another entry count (for the warm-up). */
    public WorkloadSpec withEntries(int count) {
        return new WorkloadSpec(count, sizeBytes, sync, segmentLengthBytes, peerSyncEvery);
    }

    /** The payload every system appends: seeded pseudo-random bytes, so nothing compresses or dedupes. */
    public byte[] payload() {
        byte[] payload = new byte[sizeBytes];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte)random.nextInt(256);
        }
        return payload;
    }

    /** How many appends the peer makes durable with one sync (1 under ALWAYS, never under NONE). */
    public int peerAppendsPerSync() {
        return switch (sync) {
            case ALWAYS -> 1;
            case BATCH -> peerSyncEvery;
            case NONE -> Integer.MAX_VALUE;
        };
    }
}

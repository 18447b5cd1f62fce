package io.replog.replication.raft;

/**
 * The follower's side of a snapshot transfer: which snapshot it is receiving and how many of its
 * bytes it has accepted. Accepted bytes go to the host in {@link Ready#snapshotChunks()}, so they are
 * durable once that Ready is; every acknowledgement travels after persist and therefore names bytes
 * the follower holds durably. Chunks must arrive in order: a later one is refused with the offset
 * wanted, an earlier one (a duplicate) is answered with it, so lost, duplicated and reordered chunks
 * all converge.
 * <p>
 * A transfer outlives leader changes and restarts (the host reports its partial file through
 * {@link LogStorage#partialSnapshot()}): a leader offering the same bytes resumes where the follower
 * stands. Only a chunk at offset 0 of other bytes (a newer snapshot) starts over.
 * <p>
 * Invariants: {@code snapshot == null} implies {@code receivedBytes == 0} and not {@code complete};
 * {@code receivedBytes <= snapshot.lengthBytes()}; {@code complete} implies
 * {@code receivedBytes == snapshot.lengthBytes()}: the host is verifying the file and will report.
 */
final class SnapshotReceiver {
    private Snapshot snapshot;
    private long receivedBytes;
    private boolean complete;

    SnapshotReceiver(PartialSnapshot partial) {
        // A partial file the host found complete it verifies itself before starting the core.
        if (partial != null && partial.durableBytes() < partial.snapshot().lengthBytes()) {
            snapshot = partial.snapshot();
            receivedBytes = partial.durableBytes();
        }
    }

    /** The chunk to write if it is the next one wanted (perhaps starting a new transfer), else null. */
    SnapshotChunk offer(Snapshot chunkSnapshot, long offsetBytes, byte[] chunk) {
        if (complete) {
            return null;
        }
        if (!chunkSnapshot.sameBytes(snapshot)) {
            if (offsetBytes != 0) {
                return null;
            }
            receivedBytes = 0;
        }
        // The leader's description is the full one (a partial file found at start may not know the membership).
        snapshot = chunkSnapshot;
        boolean fits = offsetBytes + chunk.length <= snapshot.lengthBytes() && (chunk.length > 0 || snapshot.lengthBytes() == 0);
        if (offsetBytes != receivedBytes || !fits) {
            return null;
        }
        receivedBytes += chunk.length;
        complete = receivedBytes == snapshot.lengthBytes();
        return new SnapshotChunk(snapshot, offsetBytes, chunk);
    }

    /** The next byte wanted of {@code wanted}: 0 unless those are the bytes being received. */
    long nextOffsetBytes(Snapshot wanted) {
        return wanted.sameBytes(snapshot) ? receivedBytes : 0;
    }

    /** Whether every byte is in and the host is verifying the file (further chunks are ignored meanwhile). */
    boolean complete() {
        return complete;
    }

    boolean awaitingVerification(Snapshot verified) {
        return complete && verified.sameBytes(snapshot);
    }

    void reset() {
        snapshot = null;
        receivedBytes = 0;
        complete = false;
    }

    void checkInvariants(int id) {
        boolean broken = snapshot == null ? receivedBytes != 0 || complete
            : receivedBytes > snapshot.lengthBytes() || complete && receivedBytes != snapshot.lengthBytes();
        if (broken) {
            throw new IllegalStateException("node " + id + ": snapshot receiver broken: " + snapshot + " received " + receivedBytes
                + (complete ? " complete" : ""));
        }
    }
}

package io.replog.replication.raft;

import java.util.Arrays;

/**
 * Reassembles an InstallSnapshot stream on the follower. Chunks must arrive in order; a chunk at
 * any other offset is answered with the offset wanted, and a chunk at offset 0 restarts the
 * stream, so lost, duplicated and reordered chunks all converge.
 * <p>
 * Invariant: {@code receivedBytes <= buffer.length}; {@code meta == null} means idle.
 */
final class SnapshotReceiver {
    private SnapshotMeta meta;
    private byte[] buffer = new byte[0];
    private int receivedBytes;

    /**
     * Offers a chunk; returns the complete snapshot when {@code chunk} was the last one, else null.
     */
    Snapshot offer(SnapshotMeta chunkMeta, long offsetBytes, byte[] chunk, boolean lastChunk) {
        if (offsetBytes == 0) {
            meta = chunkMeta;
            receivedBytes = 0;
        } else if (meta == null || meta.index() != chunkMeta.index() || meta.term() != chunkMeta.term() || offsetBytes != receivedBytes) {
            return null;
        }
        if (buffer.length < receivedBytes + chunk.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, receivedBytes + chunk.length));
        }
        System.arraycopy(chunk, 0, buffer, receivedBytes, chunk.length);
        receivedBytes += chunk.length;
        if (!lastChunk) {
            return null;
        }
        Snapshot complete = new Snapshot(meta, Arrays.copyOf(buffer, receivedBytes));
        reset();
        return complete;
    }

    /** The next byte offset wanted for the snapshot at {@code snapshotIndex} (0 if another one is in progress). */
    long nextOffsetBytes(long snapshotIndex) {
        return meta != null && meta.index() == snapshotIndex ? receivedBytes : 0;
    }

    void reset() {
        meta = null;
        receivedBytes = 0;
        buffer = new byte[0];
    }
}

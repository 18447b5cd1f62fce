package io.replog.replication.pb;

import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.NotCommittedException;
import io.replog.replication.node.NotLeaderException;
import io.replog.replication.node.ReplogNode;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * A replog node running a {@link PrimaryBackupService}: the leader is the primary. Requests submitted
 * to it are executed at once against its speculative state; their deltas are tagged
 * {@code (epoch, counter)}, appended and applied speculatively, and the caller is answered when the
 * delta commits. Backups apply committed deltas only. A primary that loses leadership rolls back to
 * the committed prefix before applying anything else.
 * <pre>{@code
 * PrimaryBackupNode node = PrimaryBackupNode.start(config, new StampedCounters());
 * node.submit(request).thenAccept(response -> reply(response));
 * }</pre>
 */
public final class PrimaryBackupNode implements AutoCloseable {
    /** Deltas a primary keeps applied but uncommitted before it waits for commits. */
    public static final int DEFAULT_MAX_SPECULATIVE_DELTAS = 4096;

    private final ReplogNode node;
    private final PrimaryBackupLayer layer;

    private PrimaryBackupNode(ReplogNode node, PrimaryBackupLayer layer) {
        this.node = node;
        this.layer = layer;
    }

    public static PrimaryBackupNode start(NodeConfig config, PrimaryBackupService service) throws IOException {
        return start(config, service, DEFAULT_MAX_SPECULATIVE_DELTAS, null);
    }

    /**
     * @param listener told of every committed delta on this replica, in order (may be null); registered
     *                 before the node starts, so it also sees the deltas replayed from the log at start.
     */
    public static PrimaryBackupNode start(NodeConfig config, PrimaryBackupService service, int maxSpeculativeDeltas,
                                          DeliveryListener listener) throws IOException {
        if (maxSpeculativeDeltas < 1) {
            throw new IllegalArgumentException("maxSpeculativeDeltas must be at least 1, not " + maxSpeculativeDeltas);
        }
        PrimaryBackupLayer layer = new PrimaryBackupLayer(service, maxSpeculativeDeltas, config.proposalQueueCapacity());
        if (listener != null) {
            layer.addListener(listener);
        }
        return new PrimaryBackupNode(ReplogNode.start(config, layer, layer), layer);
    }

    /**
     * Executes {@code request} on the primary; the future completes with its response once its delta
     * is committed (at once for a request that changes nothing, after leadership is confirmed). Fails
     * with {@link NotLeaderException} on a backup, {@link NotCommittedException} when the primary lost
     * leadership and the delta was replaced (it did not take effect), and {@link IllegalStateException}
     * when the queue is full or the node stopped. Futures complete on the node's thread.
     */
    public CompletableFuture<byte[]> submit(byte[] request) {
        CompletableFuture<byte[]> response = new CompletableFuture<>();
        if (!node.isRunning()) {
            Throwable failure = node.failure();
            response.completeExceptionally(new IllegalStateException("node " + node.id() + " is stopped" +
                (failure == null ? "" : ": " + failure.getMessage()), failure));
        } else if (!layer.offer(new PrimaryBackupLayer.Submission(request, response))) {
            response.completeExceptionally(new IllegalStateException("node " + node.id() +
                " has too many requests waiting: back off and retry"));
        }
        return response;
    }

    /** The underlying node: role, leader, indexes, listeners, snapshots. */
    public ReplogNode node() {
        return node;
    }

    public boolean isPrimary() {
        return node.isLeader();
    }

    /** Stops abruptly, as a crash would (see {@link ReplogNode#halt()}). */
    public void halt() {
        node.halt();
    }

    @Override
    public void close() {
        node.close();
    }
}

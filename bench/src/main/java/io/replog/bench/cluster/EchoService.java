package io.replog.bench.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The Aeron Cluster side of the benchmark's state machine: counts commands and bytes (as replog's
 * {@link ByteCountingStateMachine} does) and answers each command with its sequence number, which
 * is the client's acknowledgement. A service sees a command only once the consensus module has
 * committed it; on followers {@link ClientSession#offer} sends nothing, so only the leader answers.
 */
final class EchoService implements ClusteredService {
    private final UnsafeBuffer answer = new UnsafeBuffer(new byte[ClusterSpec.SEQUENCE_BYTES]);
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private Cluster cluster;
    private long commands;
    private long bytes;

    Cluster.Role role() {
        return role;
    }

    @Override
    public void onStart(Cluster cluster, Image snapshotImage) {
        this.cluster = cluster;
    }

    @Override
    public void onSessionOpen(ClientSession session, long timestamp) {
    }

    @Override
    public void onSessionClose(ClientSession session, long timestamp, CloseReason closeReason) {
    }

    @Override
    public void onSessionMessage(ClientSession session, long timestamp, DirectBuffer buffer, int offset, int length,
                                 Header header) {
        commands++;
        bytes += length;
        answer.putInt(0, buffer.getInt(offset));
        long result;
        // Retry only while the egress pushes back; a client that went away gets no answer.
        while ((result = session.offer(answer, 0, ClusterSpec.SEQUENCE_BYTES)) == Publication.BACK_PRESSURED ||
            result == Publication.ADMIN_ACTION) {
            cluster.idleStrategy().idle();
        }
    }

    @Override
    public void onTimerEvent(long correlationId, long timestamp) {
    }

    /** Snapshots are never requested by the benchmark; an empty one is a valid answer. */
    @Override
    public void onTakeSnapshot(ExclusivePublication snapshotPublication) {
    }

    @Override
    public void onRoleChange(Cluster.Role newRole) {
        role = newRole;
    }

    @Override
    public void onTerminate(Cluster cluster) {
    }
}

package io.replog.replication.transport;

/**
 * What a transport did with frames, for operators ({@code replog stat}) and tests. Written by the
 * node's single duty-cycle thread; the volatile fields may be read from any thread.
 */
public final class TransportCounters {
    volatile long sent;
    volatile long received;
    volatile long droppedBackPressured;
    volatile long droppedNotConnected;
    volatile long droppedOversized;
    volatile long droppedForeignCluster;
    volatile long droppedNonMember;
    volatile long droppedUnknownVersion;
    volatile long droppedMalformed;

    public long sent() {
        return sent;
    }

    public long received() {
        return received;
    }

    public long droppedBackPressured() {
        return droppedBackPressured;
    }

    public long droppedNotConnected() {
        return droppedNotConnected;
    }

    public long droppedOversized() {
        return droppedOversized;
    }

    /** Frames from another cluster (different cluster id) or not replog frames at all (bad magic). */
    public long droppedForeignCluster() {
        return droppedForeignCluster;
    }

    /** Frames whose sender is not a member of this cluster (or claims to be this node). */
    public long droppedNonMember() {
        return droppedNonMember;
    }

    public long droppedUnknownVersion() {
        return droppedUnknownVersion;
    }

    /** Frames too short for an envelope, and messages the handler could not decode. */
    public long droppedMalformed() {
        return droppedMalformed;
    }

    @Override
    public String toString() {
        return "TransportCounters{sent=" + sent + ", received=" + received + ", droppedBackPressured=" +
            droppedBackPressured + ", droppedNotConnected=" + droppedNotConnected + ", droppedOversized=" +
            droppedOversized + ", droppedForeignCluster=" + droppedForeignCluster + ", droppedNonMember=" +
            droppedNonMember + ", droppedUnknownVersion=" + droppedUnknownVersion + ", droppedMalformed=" +
            droppedMalformed + '}';
    }
}

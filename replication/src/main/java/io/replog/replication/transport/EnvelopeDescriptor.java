package io.replog.replication.transport;

/**
 * The envelope every replog frame travels in, in front of the message itself.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic "RPLG" (int32)                      |  0
 *  +---------------------------------------------------------------+
 *  |                          Cluster Id                           |  4
 *  +---------------------------------------------------------------+
 *  |                       Sender Member Id                        |  8
 *  +-------------------------------+-------------------------------+
 *  |        Format Version         |         Message Type          | 12
 *  +-------------------------------+-------------------------------+
 *  |                        Message ...                           ... 16
 *  +---------------------------------------------------------------+
 * </pre>
 * A receiver drops (and counts) a frame whose magic, cluster id, sender or version it does not
 * accept before any decoder looks at the message.
 */
public final class EnvelopeDescriptor {
    public static final int MAGIC = 0x474C5052; // "RPLG" little-endian
    public static final short FORMAT_VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int CLUSTER_ID_OFFSET = 4;
    public static final int SENDER_ID_OFFSET = 8;
    public static final int VERSION_OFFSET = 12;
    public static final int TYPE_OFFSET = 14;
    public static final int HEADER_LENGTH = 16;

    private EnvelopeDescriptor() {
    }
}

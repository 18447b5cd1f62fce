package io.replog.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes a {@link ClusterConfiguration} as described in {@link SnapshotHeaderDescriptor}. */
final class ClusterConfigurationCodec {
    private static final int COUNTS_LENGTH_BYTES = 8;
    private static final int MEMBER_FIXED_LENGTH_BYTES = 12;

    private ClusterConfigurationCodec() {
    }

    static int encodedLengthBytes(ClusterConfiguration configuration) {
        int length = COUNTS_LENGTH_BYTES;
        for (ClusterConfiguration.Member member : members(configuration)) {
            length += MEMBER_FIXED_LENGTH_BYTES + member.endpoint().getBytes(StandardCharsets.UTF_8).length;
        }
        return length;
    }

    /** Writes at {@code buffer}'s position (which must be little-endian) and advances it. */
    static void encode(ClusterConfiguration configuration, ByteBuffer buffer) {
        buffer.putInt(configuration.voters().size());
        buffer.putInt(configuration.learners().size());
        for (ClusterConfiguration.Member member : members(configuration)) {
            byte[] endpoint = member.endpoint().getBytes(StandardCharsets.UTF_8);
            buffer.putLong(member.id());
            buffer.putInt(endpoint.length);
            buffer.put(endpoint);
        }
    }

    /**
     * Reads exactly {@code buffer}'s remaining bytes.
     *
     * @throws IllegalArgumentException saying what is inconsistent, when the bytes are not a configuration.
     */
    static ClusterConfiguration decode(ByteBuffer buffer) {
        require(buffer.remaining() >= COUNTS_LENGTH_BYTES, "configuration shorter than its counts");
        int voterCount = buffer.getInt();
        int learnerCount = buffer.getInt();
        require(voterCount >= 0 && learnerCount >= 0, "negative member count");
        require(((long)voterCount + learnerCount) * MEMBER_FIXED_LENGTH_BYTES <= buffer.remaining(),
            "member counts " + voterCount + "+" + learnerCount + " exceed the configuration length");
        List<ClusterConfiguration.Member> voters = readMembers(buffer, voterCount);
        List<ClusterConfiguration.Member> learners = readMembers(buffer, learnerCount);
        require(!buffer.hasRemaining(), buffer.remaining() + " unexplained bytes after the members");
        return new ClusterConfiguration(voters, learners);
    }

    private static List<ClusterConfiguration.Member> readMembers(ByteBuffer buffer, int count) {
        List<ClusterConfiguration.Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            require(buffer.remaining() >= MEMBER_FIXED_LENGTH_BYTES, "member " + i + " is cut short");
            long id = buffer.getLong();
            int endpointLength = buffer.getInt();
            require(endpointLength >= 0 && endpointLength <= buffer.remaining(),
                "member " + id + " has an endpoint length of " + endpointLength);
            byte[] endpoint = new byte[endpointLength];
            buffer.get(endpoint);
            members.add(new ClusterConfiguration.Member(id, new String(endpoint, StandardCharsets.UTF_8)));
        }
        return members;
    }

    private static List<ClusterConfiguration.Member> members(ClusterConfiguration configuration) {
        List<ClusterConfiguration.Member> all = new ArrayList<>(configuration.voters());
        all.addAll(configuration.learners());
        return all;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}

package io.replog.snapshot;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The cluster membership as of a snapshot's last included index: voters and learners, each with an
 * endpoint such as {@code host:port}. A snapshot must carry it because the log entries that
 * changed the membership are compacted away.
 * <p>
 * Invariant: member ids are unique across voters and learners.
 */
public record ClusterConfiguration(List<Member> voters, List<Member> learners) {
    /** No members: for a node that has not been configured yet, and for tests of other things. */
    public static final ClusterConfiguration EMPTY = new ClusterConfiguration(List.of(), List.of());

    public record Member(long id, String endpoint) {
        public Member {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    public ClusterConfiguration {
        voters = List.copyOf(voters);
        learners = List.copyOf(learners);
        Set<Long> ids = new HashSet<>();
        for (Member member : voters) {
            requireUnique(ids, member);
        }
        for (Member member : learners) {
            requireUnique(ids, member);
        }
    }

    private static void requireUnique(Set<Long> ids, Member member) {
        if (!ids.add(member.id())) {
            throw new IllegalArgumentException("member id " + member.id() + " appears twice in the configuration");
        }
    }
}

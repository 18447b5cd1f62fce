package io.replog.replication.raft;

import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's (or candidate's) view of the cluster: one {@link Progress} per member, the votes
 * received in the current election, and the quorum questions asked of them.
 * <p>
 * Invariant: {@code progress.keySet()} equals voters plus learners of {@link #configuration()}.
 * Maps are sorted by id so iteration, and therefore message order, is deterministic. The same members sit in
 * {@code memberIds}/{@code members} (ascending id, parallel arrays) and the voters in {@code voterIds}, so the
 * replication path walks them without an iterator or a boxed id.
 */
final class ProgressTracker {
    private final int maxInflightAppends;
    private final long maxInflightBytes;
    private final Map<Integer, Progress> progress = new TreeMap<>();
    /** Votes received in the current (pre-)election: true = granted. */
    private final Map<Integer, Boolean> votes = new TreeMap<>();
    private Configuration configuration;
    private int[] memberIds = new int[0];
    private Progress[] members = new Progress[0];
    private int[] voterIds = new int[0];
    private Progress[] voterProgress = new Progress[0];
    private long[] matchScratch = new long[0];

    ProgressTracker(Configuration configuration, int maxInflightAppends, long maxInflightBytes) {
        this.maxInflightAppends = maxInflightAppends;
        this.maxInflightBytes = maxInflightBytes;
        applyConfiguration(configuration, 1);
    }

    Configuration configuration() {
        return configuration;
    }

    void applyConfiguration(Configuration newConfiguration, long nextIndex) {
        configuration = newConfiguration;
        progress.clear();
        for (int id : newConfiguration.voters()) {
            progress.put(id, new Progress(nextIndex, maxInflightAppends, maxInflightBytes, false));
        }
        for (int id : newConfiguration.learners()) {
            progress.put(id, new Progress(nextIndex, maxInflightAppends, maxInflightBytes, true));
        }
        matchScratch = new long[newConfiguration.voters().size()];
        memberIds = new int[progress.size()];
        members = new Progress[progress.size()];
        int i = 0;
        for (Map.Entry<Integer, Progress> entry : progress.entrySet()) {
            memberIds[i] = entry.getKey();
            members[i++] = entry.getValue();
        }
        voterIds = new int[newConfiguration.voters().size()];
        voterProgress = new Progress[voterIds.length];
        i = 0;
        for (int id : newConfiguration.voters()) {
            voterIds[i] = id;
            voterProgress[i++] = progress.get(id);
        }
    }

    /** Members (voters and learners), indexed 0 to {@code memberCount() - 1} in ascending id. */
    int memberCount() {
        return memberIds.length;
    }

    int memberId(int i) {
        return memberIds[i];
    }

    Progress member(int i) {
        return members[i];
    }

    /** The member's progress, or null for a non-member; a scan, not a map lookup: members are few and the id is not boxed. */
    Progress get(int id) {
        for (int i = 0; i < memberIds.length; i++) {
            if (memberIds[i] == id) {
                return members[i];
            }
        }
        return null;
    }

    Map<Integer, Progress> all() {
        return progress;
    }

    /** Resets every member for a new leader term: nothing known matched, next = after the last entry. */
    void resetForLeader(long lastIndex) {
        for (Progress pr : progress.values()) {
            pr.matchIndex = 0;
            pr.becomeProbe();
            pr.nextIndex = lastIndex + 1;
            pr.recentActive = false;
        }
    }

    /** The highest index a majority of voters have matched. Allocation-free. */
    long committedIndex() {
        for (int i = 0; i < voterIds.length; i++) {
            matchScratch[i] = voterProgress[i].matchIndex;
        }
        return Quorum.committedIndex(matchScratch, voterIds.length);
    }

    void resetVotes() {
        votes.clear();
    }

    void recordVote(int id, boolean granted) {
        votes.putIfAbsent(id, granted);
    }

    Quorum.VoteResult tallyVotes() {
        int granted = 0;
        int rejected = 0;
        for (int id : configuration.voters()) {
            Boolean vote = votes.get(id);
            if (vote == null) {
                continue;
            }
            if (vote) {
                granted++;
            } else {
                rejected++;
            }
        }
        return Quorum.voteResult(granted, rejected, configuration.voters().size());
    }

    /** Whether a majority of voters (counting {@code selfId}) was heard from recently. */
    boolean quorumActive(int selfId) {
        int active = 0;
        for (int i = 0; i < voterIds.length; i++) {
            if (voterIds[i] == selfId || voterProgress[i].recentActive) {
                active++;
            }
        }
        return active >= configuration.quorumCount();
    }

    void clearRecentActive(int selfId) {
        for (int i = 0; i < members.length; i++) {
            members[i].recentActive = memberIds[i] == selfId;
        }
    }
}

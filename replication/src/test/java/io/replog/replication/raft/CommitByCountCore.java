package io.replog.replication.raft;

import io.replog.replication.sim.RaftCore;

/**
 * Test-only broken core: the leader commits whatever a majority holds, whatever its term (the
 * bug Figure 8 of the Raft paper warns about). It reaches into the real core's package-private
 * state instead of adding a hook to production code.
 */
public final class CommitByCountCore extends RaftCore.Real {
    public static final RaftCore.Factory FACTORY = (config, storage, hardState, random) ->
        new CommitByCountCore(new RaftNode(config, storage, hardState, random));

    private CommitByCountCore(RaftNode raft) {
        super(raft);
    }

    private void commitByCount() {
        if (raft.role() == Role.LEADER) {
            long majorityIndex = raft.tracker.committedIndex();
            if (majorityIndex > raft.commitIndex() && majorityIndex <= raft.lastIndex()) {
                raft.log.commitTo(majorityIndex);
            }
        }
    }

    @Override
    public void step(Message message) {
        super.step(message);
        commitByCount();
    }

    @Override
    public void advance(Ready ready) {
        super.advance(ready);
        commitByCount();
    }
}

package io.replog.replication.sim;

import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Ready;

/**
 * Test-only base for deliberately broken cores: the host sees a tampered Ready, while the real
 * core is advanced with the Ready it actually produced.
 */
abstract class TamperingCore extends RaftCore.Real {
    private Ready original;

    TamperingCore(RaftNode raft) {
        super(raft);
    }

    abstract Ready tamper(Ready ready);

    @Override
    public Ready ready() {
        original = super.ready();
        return tamper(original);
    }

    @Override
    public void advance(Ready ready) {
        super.advance(original);
        original = null;
    }
}

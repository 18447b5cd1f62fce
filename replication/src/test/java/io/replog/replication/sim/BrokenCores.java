package io.replog.replication.sim;

import io.replog.replication.raft.HardState;
import io.replog.replication.raft.Message;
import io.replog.replication.raft.RaftNode;
import io.replog.replication.raft.Ready;

import java.util.ArrayList;
import java.util.List;

/** Deliberately broken cores (test scope only) that the simulator's checkers must catch. */
final class BrokenCores {
    private BrokenCores() {
    }

    /** Sends acknowledgements and vote grants before the state they promise is durable. */
    static final RaftCore.Factory REPLY_BEFORE_PERSIST = (config, storage, hardState, random) ->
        new TamperingCore(new RaftNode(config, storage, hardState, random)) {
            @Override
            Ready tamper(Ready ready) {
                List<Message> now = new ArrayList<>(ready.messages());
                now.addAll(ready.messagesAfterPersist());
                return new Ready(ready.hardState(), ready.snapshot(), ready.snapshotChunks(), ready.entries(), now, List.of(), ready.committedEntries(), ready.readStates());
            }
        };

    /** Never persists whom it voted for: after a restart it may vote twice in one term. */
    static final RaftCore.Factory VOTE_NOT_PERSISTED = (config, storage, hardState, random) ->
        new TamperingCore(new RaftNode(config, storage, hardState, random)) {
            @Override
            Ready tamper(Ready ready) {
                HardState state = ready.hardState();
                if (state == null) {
                    return ready;
                }
                HardState withoutVote = new HardState(state.term(), RaftNode.NONE, state.commitIndex());
                return new Ready(withoutVote, ready.snapshot(), ready.snapshotChunks(), ready.entries(), ready.messages(), ready.messagesAfterPersist(),
                    ready.committedEntries(), ready.readStates());
            }
        };
}

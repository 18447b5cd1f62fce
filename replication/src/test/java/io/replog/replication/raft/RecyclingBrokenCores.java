package io.replog.replication.raft;

import io.replog.replication.sim.RaftCore;

import java.util.List;

/**
 * A test-only core that breaks the message ownership contract on purpose: it gives every AppendEntries back
 * to its pool while still handing it to the host, as a host that recycled before sending would. With the
 * pool poisoning (forced on here, whatever the assertion status), the simulator must stumble on it.
 */
public final class RecyclingBrokenCores {
    private RecyclingBrokenCores() {
    }

    public static final RaftCore.Factory RECYCLES_APPENDS_BEFORE_SENDING = (config, storage, hardState, random) ->
        new RaftCore.Real(new RaftNode(config, storage, hardState, random, true)) {
            @Override
            public List<Message> takeMessages() {
                return recycleAppends(super.takeMessages());
            }

            @Override
            public Ready ready() {
                Ready ready = super.ready();
                recycleAppends(ready.messages());
                return ready;
            }

            private List<Message> recycleAppends(List<Message> messages) {
                for (int i = 0; i < messages.size(); i++) {
                    if (messages.get(i).type() == MessageType.APPEND) {
                        raft.recycle(messages.get(i));
                    }
                }
                return messages;
            }
        };
}

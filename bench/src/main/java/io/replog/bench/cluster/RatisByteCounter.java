package io.replog.bench.cluster;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

import java.util.concurrent.CompletableFuture;

/** Ratis's side of the benchmark's state machine: counts commands and bytes, as replog's does. */
final class RatisByteCounter extends BaseStateMachine {
    private static final CompletableFuture<Message> NO_ANSWER = CompletableFuture.completedFuture(Message.EMPTY);

    private long commands;
    private long bytes;

    /** Called by Ratis's applier thread, one committed entry at a time, in log order. */
    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
        LogEntryProto entry = transaction.getLogEntry();
        commands++;
        bytes += entry.getStateMachineLogEntry().getLogData().size();
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        return NO_ANSWER;
    }
}

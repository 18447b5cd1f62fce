package io.replog.replication.node;

import java.util.concurrent.CompletableFuture;

/** Work an application thread hands to the node's thread through its queue. */
sealed interface NodeRequest {
    record Append(byte[] command, CompletableFuture<CommitResult> result) implements NodeRequest {
    }

    record ReadIndex(CompletableFuture<Long> result) implements NodeRequest {
    }

    record TransferLeadership(int targetId, CompletableFuture<Void> result) implements NodeRequest {
    }

    record TakeSnapshot(CompletableFuture<Long> result) implements NodeRequest {
    }

    record OpenReader(CommittedReader reader) implements NodeRequest {
    }
}

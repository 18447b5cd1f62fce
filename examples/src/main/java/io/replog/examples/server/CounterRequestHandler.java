package io.replog.examples.server;

import io.replog.examples.client.ClientProtocolDescriptor;
import io.replog.examples.client.ReplyStatus;
import io.replog.examples.pb.CounterRequest;
import io.replog.examples.pb.StampedCounters;
import io.replog.replication.pb.PrimaryBackupNode;
import org.agrona.DirectBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The stamped counters as a {@link ServiceHandler} of a {@link PrimaryBackupNode}: every request,
 * increment or read, is submitted to the primary, which executes it. An increment is answered once
 * its delta commits; a read, which changes nothing, once the primary has confirmed its leadership
 * and the state it read is committed. A retried increment (same client id and sequence) is answered
 * from the client's session; one older than the session's last is answered STALE_REQUEST.
 */
public final class CounterRequestHandler implements ServiceHandler {
    public static final String SERVICE_NAME = "counters";

    private final PrimaryBackupNode node;

    public CounterRequestHandler(PrimaryBackupNode node) {
        this.node = node;
    }

    @Override
    public byte requestType() {
        return ClientProtocolDescriptor.TYPE_COUNTER_REQUEST;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public Request decode(DirectBuffer body, int offset, int length) {
        CounterRequest.decode(body, offset, length); // a malformed request must not reach the primary
        byte[] request = new byte[length];
        body.getBytes(offset, request);
        return () -> submit(request);
    }

    private CompletableFuture<Answer> submit(byte[] request) {
        return node.submit(request).handle((response, failure) -> {
            if (failure == null) {
                return Answer.of(ReplyStatus.OK, 0, response);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ?
                failure.getCause() : failure;
            if (cause instanceof StampedCounters.StaleRequestException) {
                return Answer.of(ReplyStatus.STALE_REQUEST, 0, null);
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
        });
    }
}

package io.replog.examples.server;

import io.replog.examples.client.ClientProtocolDescriptor;
import io.replog.examples.client.ReplyStatus;
import io.replog.examples.kv.KvCommand;
import io.replog.examples.kv.KvResult;
import io.replog.replication.node.ReplogNode;
import org.agrona.DirectBuffer;

import java.util.concurrent.CompletableFuture;

/**
 * The key-value store as a {@link ServiceHandler} of a {@link ReplogNode}: a write is appended as is
 * (its client id and sequence make a retry apply once), a get confirms leadership with a ReadIndex
 * and reads the local store once the node has applied up to that index, which makes it linearizable.
 */
public final class KvRequestHandler implements ServiceHandler {
    public static final String SERVICE_NAME = "kv";

    private final ReplogNode node;
    private final SharedKvState state;

    public KvRequestHandler(ReplogNode node, SharedKvState state) {
        this.node = node;
        this.state = state;
    }

    @Override
    public byte requestType() {
        return ClientProtocolDescriptor.TYPE_KV_REQUEST;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public Request decode(DirectBuffer body, int offset, int length) {
        KvCommand command = KvCommand.decode(body, offset, length);
        if (command.op() == KvCommand.Op.GET) {
            return () -> get(command.key());
        }
        byte[] commandBytes = new byte[length];
        body.getBytes(offset, commandBytes);
        return () -> write(commandBytes);
    }

    private CompletableFuture<Answer> get(String key) {
        return node.readIndex().thenApply(readIndex -> Answer.of(ReplyStatus.OK, readIndex, Utf8.utf8(state.get(key))));
    }

    private CompletableFuture<Answer> write(byte[] commandBytes) {
        return node.append(commandBytes).thenApply(committed -> {
            KvResult result = KvResult.decode(committed.result());
            ReplyStatus status = switch (result.status()) {
                case OK -> ReplyStatus.OK;
                case CAS_FAILED -> ReplyStatus.CAS_FAILED;
                case STALE_REQUEST -> ReplyStatus.STALE_REQUEST;
                case MALFORMED -> throw new IllegalStateException("the store could not decode a command the server " +
                    "decoded: " + result.value());
            };
            return Answer.of(status, committed.index(), Utf8.utf8(result.value()));
        });
    }
}
